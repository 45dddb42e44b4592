package dialogue

import (
	"html"
	"strconv"
	"strings"
	"sync"

	"github.com/clubbot/clubbot/messages"

	"github.com/clubbot/clubbot/bot"
)

// NumberedHTML is out's HTML text with its buttons numbered under it
// ("1) Nam") and a line saying how to answer ("Bác trả lời 1 hoặc 2."),
// for channels that cannot show buttons: the terminal and Zalo render
// choices the same way (chattext.Plain turns it into their plain text).
func NumberedHTML(out bot.Outgoing) string {
	text := out.Text
	labels := buttonLabels(out.Buttons)
	if len(labels) == 0 {
		return text
	}
	lines := make([]string, 0, len(labels)+2)
	lines = append(lines, text)
	numbers := make([]string, len(labels))
	for i, l := range labels {
		numbers[i] = strconv.Itoa(i + 1)
		lines = append(lines, numbers[i]+") "+html.EscapeString(l))
	}
	lang := messages.Normalize(out.Lang)
	list := numbers[0]
	if n := len(numbers); n > 1 {
		list = strings.Join(numbers[:n-1], ", ") + " " + messages.Plain(lang, "choices.or") + " " + numbers[n-1]
	}
	lines = append(lines, messages.Render(lang, "choices.reply", messages.Args{"numbers": list}))
	return strings.Join(lines, "\n")
}

// buttonLabels lists the labels of buttons row by row, in the order they
// are numbered.
func buttonLabels(rows [][]bot.Button) []string {
	var labels []string
	for _, row := range rows {
		for _, b := range row {
			labels = append(labels, b.Label)
		}
	}
	return labels
}

// NumberedChoices remembers the buttons last shown as numbered text in each
// chat, so that a typed number or label is read back as a press on that
// button, with its data: a choice that is not a step's own (a reminder's
// button, an officer's invite offer) then works as it does on Telegram.
// The engine also matches typed text against a step's choices itself, so a
// chat forgotten in a restart still answers its questions.
type NumberedChoices struct {
	mu   sync.Mutex
	last map[string][]bot.Button // by chat id
}

// NewNumberedChoices returns an empty memory of choices.
func NewNumberedChoices() *NumberedChoices {
	return &NumberedChoices{last: make(map[string][]bot.Button)}
}

// Show remembers out's buttons as the choices of its chat (a message without
// buttons forgets the earlier ones) and returns NumberedHTML(out).
func (n *NumberedChoices) Show(out bot.Outgoing) string {
	var flat []bot.Button
	for _, row := range out.Buttons {
		flat = append(flat, row...)
	}
	n.mu.Lock()
	if len(flat) == 0 {
		delete(n.last, out.ChatID)
	} else {
		n.last[out.ChatID] = flat
	}
	n.mu.Unlock()
	return NumberedHTML(out)
}

// Forget drops the choices remembered for a chat.
func (n *NumberedChoices) Forget(chatID string) {
	n.mu.Lock()
	delete(n.last, chatID)
	n.mu.Unlock()
}

// Press returns the data of the button that text names in chat, by number
// or label (see MatchChoice); ok is false when it names none.
func (n *NumberedChoices) Press(chatID, text string) (data string, ok bool) {
	n.mu.Lock()
	buttons := n.last[chatID]
	n.mu.Unlock()
	labels := make([]string, len(buttons))
	for i, b := range buttons {
		labels[i] = b.Label
	}
	if i, ok := MatchChoice(text, labels); ok {
		return buttons[i].Data, true
	}
	return "", false
}
