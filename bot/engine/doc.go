// Package engine handles one event of a chat at a time: a turn reads the
// chat's session and user, routes commands, buttons, questions and
// dialogue answers (the steps themselves are bot/dialogue's Advance), and
// saves the session, the data and the replies in one transaction. It
// answers officers' questions, /status, /history, /review, invites and
// links, and makes good the replies a crash may have lost.
package engine
