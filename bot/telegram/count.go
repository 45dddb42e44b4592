package telegram

import (
	"github.com/clubbot/clubbot/bot"
	"github.com/clubbot/clubbot/bot/chattext"
)

// Messages tells how many Telegram messages out takes: a text longer than
// Telegram allows goes in several. The sender spends that many of its
// rate-limit tokens on it.
func (c *Channel) Messages(out bot.Outgoing) int {
	if out.File != nil {
		return 1
	}
	return max(len(chattext.Split(out.Text, maxTextLen)), 1)
}
