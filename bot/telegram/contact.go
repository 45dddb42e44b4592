package telegram

import "time"

// LastContact is when Telegram last answered a getUpdates call or posted
// an update to the webhook, on the channel's clock; zero before the first.
// A health check reads it to tell a bot that has lost Telegram (a revoked
// token, a network down, another poller) from one that is merely quiet:
// an idle long poll still returns every poll timeout. With WithLease, a
// process standing by while another holds the lease counts each look at
// the lease as contact.
func (c *Channel) LastContact() time.Time {
	ns := c.lastContact.Load()
	if ns == 0 {
		return time.Time{}
	}
	return time.Unix(0, ns)
}

// markContact records that Telegram answered just now.
func (c *Channel) markContact() { c.lastContact.Store(c.now().UnixNano()) }
