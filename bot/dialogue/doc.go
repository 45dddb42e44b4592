// Package dialogue is the bot's dialogues as data and the pure step
// function that walks them: Advance takes a session (a flow, a step and a
// draft) and what the user sent, and returns the next session and the
// reply, with the action to carry out once a summary is confirmed. It also
// reads answers as leaders type them (the parsers of years, dates, counts,
// phones, names, amounts, yes or no and text; choices; buttons), for the
// importer too, and numbers choices for channels without buttons. It
// imports only bot and messages: the engine (bot/engine) stores the
// sessions and carries out the actions.
package dialogue
