package bot

import "time"

// Send results reported to a SendObserver.
const (
	SendSent        = "sent"         // the channel accepted the message
	SendRetry       = "retry"        // a transient failure (network, 5xx): tried again later
	SendRateLimited = "rate_limited" // the channel answered 429: tried again after retry_after
	SendPermanent   = "permanent"    // refused for good (400): recorded, not retried
	SendBlocked     = "blocked"      // the user blocked the bot (403): user marked inactive
	SendUncertain   = "uncertain"    // a crash left it unknown whether it went out: not resent
)

// StepObserver is told of every inbound event the engine has handled, how
// long it took and whether it failed, so that metrics can count them.
type StepObserver interface {
	StepHandled(kind string, took time.Duration, err error)
}

// SendObserver is told of the result of every attempt to send a message.
type SendObserver interface {
	SendResult(channel, result string)
}

// DeliveryObserver is told of every scheduled message delivered to a user,
// by kind ("digest", "reminder").
type DeliveryObserver interface {
	Delivered(kind string)
}

// NopObserver observes nothing; it is the default of every observer.
type NopObserver struct{}

// StepHandled does nothing.
func (NopObserver) StepHandled(string, time.Duration, error) {}

// SendResult does nothing.
func (NopObserver) SendResult(string, string) {}

// Delivered does nothing.
func (NopObserver) Delivered(string) {}

var (
	_ StepObserver     = NopObserver{}
	_ SendObserver     = NopObserver{}
	_ DeliveryObserver = NopObserver{}
)

// Kinds of event told to a StepObserver.
const (
	StepMessage  = "message"  // typed text or a command
	StepCallback = "callback" // a press on an inline button
	StepContact  = "contact"  // a shared phone number
	StepOther    = "other"    // stickers, photos, anything else
)

// StepKind is the kind of in told to a StepObserver.
func StepKind(in Inbound) string {
	switch in.Kind {
	case InputText, InputCommand:
		return StepMessage
	case InputButton:
		return StepCallback
	case InputContact:
		return StepContact
	}
	return StepOther
}
