// Package digest computes, renders and composes the officers' weekly
// digest (Compute, Render, Composer) and the leaders' monthly reminder
// (ReminderComposer). It imports only bot; the engine answers /digest with
// it and relay's deliverer sends what the composers make.
package digest
