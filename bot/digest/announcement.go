package digest

import (
	"context"
	"html"
	"unicode/utf8"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/chattext"
	"github.com/clubbot/clubbot/messages"
)

// maxCaption is the longest caption Telegram shows under a photo or a
// document, in characters.
const maxCaption = 1024

// AnnouncementMessages is what a recipient whose language is lang sees of
// announcement a, made by an officer of place: a heading saying who sends
// it, then the text; with a file, the text is the file's caption, or, too
// long for one, a message of its own before the file. Channel and chat
// are left for the caller. The officer's preview is the same messages.
func AnnouncementMessages(a bot.Announcement, place, lang string) []bot.Outgoing {
	text := messages.Render(lang, "announce.heading", map[string]any{"place": place, "name": a.AuthorName})
	if a.Text != "" {
		text += "\n\n" + html.EscapeString(a.Text)
	}
	if a.File == nil {
		return []bot.Outgoing{{Text: text, Lang: lang}}
	}
	file := *a.File
	if file.Name == "" { // a photo has none: what a channel without files names in its place
		file.Name = messages.Plain(lang, "announce.photo_name")
	}
	if utf8.RuneCountInString(chattext.StripTags(text)) <= maxCaption {
		return []bot.Outgoing{{Text: text, Lang: lang, File: &file}}
	}
	return []bot.Outgoing{{Text: text, Lang: lang}, {Lang: lang, File: &file}}
}

// AnnouncementComposer renders announcements for the announcer.
type AnnouncementComposer struct {
	Store bot.Store
}

// Compose returns what each recipient of a is sent.
func (c AnnouncementComposer) Compose(ctx context.Context, a bot.Announcement) (func(r bot.Recipient) []bot.Outgoing, error) {
	place, err := ScopeName(ctx, c.Store.Reader(), a.Scope)
	if err != nil {
		return nil, err
	}
	return func(r bot.Recipient) []bot.Outgoing {
		out := AnnouncementMessages(a, place, messages.Normalize(r.User.Lang))
		for i := range out {
			out[i].Channel, out[i].ChatID = r.Channel, r.ChatID
		}
		return out
	}, nil
}
