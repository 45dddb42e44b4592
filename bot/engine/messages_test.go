package engine

import "github.com/clubbot/clubbot/messages"

// catalogHas reports whether key exists in both languages.
func catalogHas(key string) bool {
	return messages.Has(messages.VI, key) && messages.Has(messages.EN, key)
}
