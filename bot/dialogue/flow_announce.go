package dialogue

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/messages"
)

// ActionSendAnnouncement asks the engine to store the drafted announcement,
// which the announcer then sends.
const ActionSendAnnouncement ActionKind = "send_announcement"

// KindMessage is an announcement's message: typed text, or on a channel
// that carries files (Telegram) a photo or a document with its caption.
const KindMessage AnswerKind = "message"

// MaxAnnouncement is the longest announcement, in characters: a long text
// is split into several messages, but leaders read short ones.
const MaxAnnouncement = 3000

// Draft fields of an announcement's file.
const (
	FieldFileKind = "file_kind"
	FieldFileID   = "file_id"
	FieldFileName = "file_name"
)

// announceFlow is an officer's announcement: the recent ones and a button
// for a new one, the message, the audience, then a preview exactly as
// recipients see it (the engine sends it before the summary) with the
// number of recipients, and Gửi / Sửa / Huỷ.
func announceFlow() *Flow {
	return &Flow{
		Name: "announce",
		Steps: []Step{
			{Name: "start", Prompt: "announce.start", Kind: KindChoice, PromptArgs: announceHistory,
				Choices: []Choice{{Value: "new", Key: "announce.button_new"}}},
			{Name: "message", Prompt: "announce.ask_message", Kind: KindMessage, Field: "announcement"},
			{Name: "audience", Prompt: "announce.ask_audience", Kind: KindChoice, Field: "audience", Choices: []Choice{
				{Value: string(bot.AudienceLeaders), Key: "announce.audience_leaders"},
				{Value: string(bot.AudienceOfficers), Key: "announce.audience_officers"},
			}},
			{Name: StepConfirm, Prompt: "announce.summary", Kind: KindConfirm, Options: announceConfirmChoices},
			{Name: StepEdit, Prompt: "edit.ask", Kind: KindEdit},
		},
		Action:      ActionSendAnnouncement,
		SummaryArgs: announceSummary,
	}
}

// announceConfirm are the summary's buttons: the announcement is sent,
// not saved.
var announceConfirm = []Choice{
	{Value: "save", Key: "button.send"},
	{Value: "edit", Key: "button.edit"},
	{Value: "cancel", Key: "button.cancel"},
}

func announceConfirmChoices(bot.Session, Env) []Choice { return announceConfirm }

// announceHistory lists the recent announcements of the officer's scope
// with their counts.
func announceHistory(_ map[string]string, env Env) map[string]any {
	if len(env.Announcements) == 0 {
		return map[string]any{"history": messages.Key("announce.none")}
	}
	lines := make([]string, len(env.Announcements))
	for i, a := range env.Announcements {
		words := any(FirstWords(a.Text, 8))
		if words == "" {
			words = messages.Key("announce.file_only")
		}
		lines[i] = messages.Render(env.Lang, "announce.line", map[string]any{
			"when": messages.DateTime(a.CreatedAt.In(bot.Vietnam())), "author": a.AuthorName,
			"words": words, "delivered": a.Counts.Delivered, "waiting": a.Counts.Waiting,
			"blocked": a.Counts.Blocked, "unreachable": a.Counts.Unreachable})
	}
	return map[string]any{"history": messages.HTML(strings.Join(lines, "\n\n"))}
}

// announceSummary fills the summary under the preview: the audience, how
// many it reaches and how many of them cannot be reached.
func announceSummary(d map[string]string, env Env) map[string]any {
	reach := env.Reach[bot.Audience(d["audience"])]
	unreachable := messages.HTML("")
	if reach.Unreachable > 0 {
		unreachable = messages.HTML(messages.Render(env.Lang, "announce.unreachable", map[string]any{"n": reach.Unreachable}))
	}
	return map[string]any{"audience": messages.Key("announce.audience_" + d["audience"]), "n": reach.Recipients,
		"unreachable": unreachable}
}

// answerMessage takes an announcement's message: typed text, or a file
// with its caption. A file where the step wants none is refused as any
// input that is not text.
func answerMessage(f *Flow, s bot.Session, st *Step, in bot.Inbound, env Env) Result {
	text := in.Text
	if in.Kind == bot.InputUnsupported {
		text = in.Caption
	}
	clean, err := ParseAnnouncement(text)
	switch {
	case err != nil && in.File == nil:
		return Ask(f, s, st, env, "invalid.text", nil)
	case utf8.RuneCountInString(clean) > MaxAnnouncement:
		return Ask(f, s, st, env, "announce.too_long", map[string]any{
			"n": utf8.RuneCountInString(clean), "max": MaxAnnouncement})
	}
	delete(s.Draft, FieldFileKind)
	delete(s.Draft, FieldFileID)
	delete(s.Draft, FieldFileName)
	if in.File != nil {
		s.Draft[FieldFileKind], s.Draft[FieldFileID], s.Draft[FieldFileName] = string(in.File.Kind), in.File.ID, in.File.Name
	}
	return accept(f, s, st, clean, env)
}

// ParseAnnouncement cleans an announcement's text as CleanText does each
// line, keeping the lines, and at most one blank line in a row. Text with
// no letter or digit is refused.
func ParseAnnouncement(s string) (string, error) {
	var lines []string
	blank := true // no blank line at the top
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		line = bot.CleanText(line)
		if line == "" && blank {
			continue
		}
		blank = line == ""
		lines = append(lines, line)
	}
	clean := strings.TrimRight(strings.Join(lines, "\n"), "\n")
	if strings.IndexFunc(clean, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0 {
		return "", bot.Errorf(bot.EINVALID, "not text")
	}
	return clean, nil
}

// AnnouncementFromDraft is the announcement a confirmed draft describes.
func AnnouncementFromDraft(d map[string]string, author *bot.User) bot.Announcement {
	a := bot.Announcement{AuthorID: author.ID, Scope: bot.OfficerScope(author), Audience: bot.Audience(d["audience"]),
		Text: d["announcement"]}
	if d[FieldFileID] != "" {
		a.File = &bot.File{Kind: bot.FileKind(d[FieldFileKind]), ID: d[FieldFileID], Name: d[FieldFileName]}
	}
	return a
}

// FirstWords is the first n words of text on one line, with "…" when
// there are more.
func FirstWords(text string, n int) string {
	words := strings.Fields(text)
	if len(words) <= n {
		return strings.Join(words, " ")
	}
	return strings.Join(words[:n], " ") + "…"
}
