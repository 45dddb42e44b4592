package bot

import "time"

// OAuthToken is a channel's access token with the refresh token that
// replaces it (Zalo's Official Account API). Both are saved together: a
// refresh token is single-use, so losing the new one locks the bot out.
type OAuthToken struct {
	Access    string
	Refresh   string
	ExpiresAt time.Time
}
