package telegramtest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits of the Bot API, in characters after entity parsing.
const (
	MaxTextLen    = 4096
	MaxCaptionLen = 1024
)

// SentMessage is a message the bot sent, as it stands after any edits.
type SentMessage struct {
	MessageID int
	ChatID    int64
	Kind      string // "text", "photo" or "document"
	Text      string // text (or caption) after entity parsing: tags stripped, entities decoded
	RawText   string // text (or caption) as sent
	ParseMode string
	Date      time.Time // when the server accepted it, to the nanosecond (the wire date is in seconds)
	Edits     int       // successful editMessageText / editMessageReplyMarkup calls

	Buttons [][]Button // inline keyboard, one slice per row

	Keyboard       [][]string // reply keyboard labels
	RequestContact bool       // a reply keyboard button asks for the phone number
	ContactLabel   string     // that button's label
	OneTime        bool       // one_time_keyboard
	RemoveKeyboard bool       // reply_markup was ReplyKeyboardRemove

	FileName string // photo/document uploads
	FileData []byte // uploaded bytes; empty when a file_id or URL was sent
	FileRef  string // the file_id or URL sent instead of an upload
}

type sentRecord struct {
	chatID int64
	sent   SentMessage
	wire   wireMessage
}

type messageState struct {
	nextID int
	byChat map[int64][]*sentRecord
	byID   map[int]*sentRecord
}

func (m *messageState) init(first int) {
	m.nextID = first
	m.byChat = make(map[int64][]*sentRecord)
	m.byID = make(map[int]*sentRecord)
}

// newID returns the next message id; users' and the bot's messages share
// the sequence.
func (m *messageState) newID() int {
	id := m.nextID
	m.nextID++
	return id
}

func (r *sentRecord) copySent() SentMessage {
	out := r.sent
	out.Buttons = make([][]Button, len(r.sent.Buttons))
	for i, row := range r.sent.Buttons {
		out.Buttons[i] = append([]Button(nil), row...)
	}
	if len(r.sent.Buttons) == 0 {
		out.Buttons = nil
	}
	for i, row := range r.sent.Keyboard {
		if i == 0 {
			out.Keyboard = make([][]string, len(r.sent.Keyboard))
		}
		out.Keyboard[i] = append([]string(nil), row...)
	}
	out.FileData = append([]byte(nil), r.sent.FileData...)
	return out
}

// setMarkup applies a sent reply_markup to the record.
func (r *sentRecord) setMarkup(m *markup) {
	if m == nil {
		return
	}
	switch m.kind {
	case "inline":
		r.sent.Buttons = m.inline
		r.wire.ReplyMarkup = m.inlineJSON
	case "keyboard":
		r.sent.OneTime = m.oneTime
		for _, row := range m.keyboard {
			var labels []string
			for _, b := range row {
				labels = append(labels, b.Text)
				if b.RequestContact && !r.sent.RequestContact {
					r.sent.RequestContact, r.sent.ContactLabel = true, b.Text
				}
			}
			r.sent.Keyboard = append(r.sent.Keyboard, labels)
		}
	case "remove":
		r.sent.RemoveKeyboard = true
	}
}

// chatParam reads chat_id.
func chatParam(form interface{ Get(string) string }) (int64, *apiError) {
	v := form.Get("chat_id")
	if v == "" {
		return 0, badRequest("chat_id is empty")
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || id == 0 {
		return 0, badRequest("chat not found")
	}
	return id, nil
}

// parseText applies parse_mode to a text or caption.
func parseText(raw, mode string, limit int, caption bool) (string, []wireEntity, *apiError) {
	if !utf8.ValidString(raw) {
		return "", nil, badRequest("strings must be encoded in UTF-8")
	}
	text, ents := raw, []wireEntity(nil)
	switch strings.ToLower(mode) {
	case "":
	case "html":
		var err error
		if text, ents, err = parseHTML(raw); err != nil {
			return "", nil, badRequest("%s%v", entityPrefix, err)
		}
	case "markdown", "markdownv2":
		// Not checked by the fake: clubbot sends HTML.
	default:
		return "", nil, badRequest("unsupported parse_mode")
	}
	n := utf8.RuneCountInString(text)
	switch {
	case !caption && strings.TrimSpace(text) == "":
		return "", nil, badRequest("message text is empty")
	case !caption && n > limit:
		return "", nil, badRequest("message is too long")
	case caption && n > limit:
		return "", nil, badRequest("message caption is too long")
	}
	return text, ents, nil
}

// newRecordLocked stores a new bot message to chatID. Call with s.mu held.
func (s *Server) newRecordLocked(chatID int64, kind string) *sentRecord {
	id := s.messages.newID()
	now := s.now()
	bot := s.bot.wire()
	bot.IsBot = true
	rec := &sentRecord{
		chatID: chatID,
		sent:   SentMessage{MessageID: id, ChatID: chatID, Kind: kind, Date: now},
		wire:   wireMessage{MessageID: id, From: &bot, Date: now.Unix(), Chat: s.chatOf(chatID)},
	}
	s.messages.byChat[chatID] = append(s.messages.byChat[chatID], rec)
	s.messages.byID[id] = rec
	if ch, ok := s.chatSent[chatID]; ok {
		close(ch)
		delete(s.chatSent, chatID)
	}
	return rec
}

func (s *Server) checkBlockedLocked(chatID int64) *apiError {
	if s.blocked[chatID] {
		return &apiError{code: http.StatusForbidden, desc: "Forbidden: bot was blocked by the user"}
	}
	return nil
}

func (s *Server) sendMessage(rq *request) (any, *apiError) {
	chatID, e := chatParam(rq.form)
	if e != nil {
		return nil, e
	}
	mode := rq.form.Get("parse_mode")
	text, ents, e := parseText(rq.form.Get("text"), mode, MaxTextLen, false)
	if e != nil {
		return nil, e
	}
	mk, e := parseMarkup(rq.form.Get("reply_markup"))
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.checkBlockedLocked(chatID); e != nil {
		return nil, e
	}
	rec := s.newRecordLocked(chatID, "text")
	rec.sent.Text, rec.sent.RawText, rec.sent.ParseMode = text, rq.form.Get("text"), mode
	rec.wire.Text, rec.wire.Entities = text, ents
	rec.setMarkup(mk)
	s.broadcast()
	return rec.wire, nil
}

// editTarget finds the message an edit names. Call with s.mu held.
func (s *Server) editTargetLocked(rq *request) (*sentRecord, *apiError) {
	if rq.form.Get("inline_message_id") != "" {
		return nil, badRequest("MESSAGE_ID_INVALID")
	}
	chatID, e := chatParam(rq.form)
	if e != nil {
		return nil, e
	}
	msgID, e := intParam(rq.form, "message_id", 0)
	if e != nil {
		return nil, e
	}
	if msgID == 0 {
		return nil, badRequest("message identifier is not specified")
	}
	rec := s.messages.byID[int(msgID)]
	if rec == nil || rec.chatID != chatID {
		return nil, badRequest("message to edit not found")
	}
	return rec, nil
}

const notModified = "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message"

func inlineOnly(mk *markup) *apiError {
	if mk != nil && mk.kind != "inline" {
		return badRequest("inline keyboard expected")
	}
	return nil
}

func (s *Server) editMessageText(rq *request) (any, *apiError) {
	mode := rq.form.Get("parse_mode")
	text, ents, e := parseText(rq.form.Get("text"), mode, MaxTextLen, false)
	if e != nil {
		return nil, e
	}
	mk, e := parseMarkup(rq.form.Get("reply_markup"))
	if e == nil {
		e = inlineOnly(mk)
	}
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, e := s.editTargetLocked(rq)
	if e != nil {
		return nil, e
	}
	if rec.sent.Kind != "text" {
		return nil, badRequest("there is no text in the message to edit")
	}
	var newInline json.RawMessage
	if mk != nil {
		newInline = mk.inlineJSON
	}
	if rec.wire.Text == text && reflect.DeepEqual(rec.wire.Entities, ents) && sameInline(rec.wire.ReplyMarkup, newInline) {
		return nil, badRequest(notModified)
	}
	rec.sent.Text, rec.sent.RawText, rec.sent.ParseMode = text, rq.form.Get("text"), mode
	rec.wire.Text, rec.wire.Entities = text, ents
	// Without reply_markup the edit removes the inline keyboard.
	rec.sent.Buttons, rec.wire.ReplyMarkup = nil, nil
	rec.setMarkup(mk)
	s.editedLocked(rec)
	return rec.wire, nil
}

func (s *Server) editMessageReplyMarkup(rq *request) (any, *apiError) {
	mk, e := parseMarkup(rq.form.Get("reply_markup"))
	if e == nil {
		e = inlineOnly(mk)
	}
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, e := s.editTargetLocked(rq)
	if e != nil {
		return nil, e
	}
	var newInline json.RawMessage
	if mk != nil {
		newInline = mk.inlineJSON
	}
	if sameInline(rec.wire.ReplyMarkup, newInline) {
		return nil, badRequest(notModified)
	}
	rec.sent.Buttons, rec.wire.ReplyMarkup = nil, nil
	rec.setMarkup(mk)
	s.editedLocked(rec)
	return rec.wire, nil
}

func (s *Server) editedLocked(rec *sentRecord) {
	rec.sent.Edits++
	rec.wire.EditDate = s.now().Unix()
	s.broadcast()
}

func (s *Server) answerCallbackQuery(rq *request) (any, *apiError) {
	id := rq.form.Get("callback_query_id")
	if id == "" {
		return nil, badRequest("callback_query_id is empty")
	}
	if utf8.RuneCountInString(rq.form.Get("text")) > 200 {
		return nil, badRequest("MESSAGE_TOO_LONG")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.updates.callbacks[id]
	if c == nil || c.answered {
		return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	c.answered, c.text, c.showAlert = true, rq.form.Get("text"), boolParam(rq.form, "show_alert")
	s.broadcast()
	return true, nil
}

var chatActions = map[string]bool{
	"typing": true, "upload_photo": true, "record_video": true, "upload_video": true,
	"record_voice": true, "upload_voice": true, "upload_document": true, "choose_sticker": true,
	"find_location": true, "record_video_note": true, "upload_video_note": true,
}

func (s *Server) sendChatAction(rq *request) (any, *apiError) {
	chatID, e := chatParam(rq.form)
	if e != nil {
		return nil, e
	}
	if !chatActions[rq.form.Get("action")] {
		return nil, badRequest("wrong parameter action in request")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.checkBlockedLocked(chatID); e != nil {
		return nil, e
	}
	return true, nil
}

func (s *Server) sendPhoto(rq *request) (any, *apiError)    { return s.sendFile(rq, "photo") }
func (s *Server) sendDocument(rq *request) (any, *apiError) { return s.sendFile(rq, "document") }

func (s *Server) sendFile(rq *request, field string) (any, *apiError) {
	chatID, e := chatParam(rq.form)
	if e != nil {
		return nil, e
	}
	file, uploaded := rq.files[field]
	ref := rq.form.Get(field)
	if !uploaded && ref == "" {
		return nil, badRequest("there is no %s in the request", field)
	}
	if uploaded && len(file.Data) == 0 {
		return nil, badRequest("file must be non-empty")
	}
	mode := rq.form.Get("parse_mode")
	caption, ents, e := parseText(rq.form.Get("caption"), mode, MaxCaptionLen, true)
	if e != nil {
		return nil, e
	}
	mk, e := parseMarkup(rq.form.Get("reply_markup"))
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.checkBlockedLocked(chatID); e != nil {
		return nil, e
	}
	rec := s.newRecordLocked(chatID, field)
	rec.sent.Text, rec.sent.RawText, rec.sent.ParseMode = caption, rq.form.Get("caption"), mode
	rec.sent.FileName, rec.sent.FileData, rec.sent.FileRef = file.FileName, file.Data, ref
	rec.wire.Caption, rec.wire.CaptionEntities = caption, ents
	fid := fmt.Sprintf("file%d", rec.sent.MessageID)
	if field == "photo" {
		rec.wire.Photo = []wirePhotoSize{{FileID: fid, FileUniqueID: "u" + fid, Width: 320, Height: 320, FileSize: len(file.Data)}}
	} else {
		rec.wire.Document = &wireDocument{FileID: fid, FileUniqueID: "u" + fid, FileName: file.FileName, FileSize: len(file.Data)}
	}
	rec.setMarkup(mk)
	s.broadcast()
	return rec.wire, nil
}

// Sent returns the messages the bot sent to chatID, oldest first.
func (s *Server) Sent(chatID int64) []SentMessage {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sentLocked(chatID)
}

func (s *Server) sentLocked(chatID int64) []SentMessage {
	recs := s.messages.byChat[chatID]
	out := make([]SentMessage, len(recs))
	for i, r := range recs {
		out[i] = r.copySent()
	}
	return out
}

// WaitSentAfter waits until more than seen messages were sent to chatID
// and returns those after the first seen, without copying the rest.
func (s *Server) WaitSentAfter(ctx context.Context, chatID int64, seen int) ([]SentMessage, error) {
	if err := s.waitCount(ctx, chatID, seen+1); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	recs := s.messages.byChat[chatID][seen:]
	out := make([]SentMessage, len(recs))
	for i, r := range recs {
		out[i] = r.copySent()
	}
	return out, nil
}

// WaitSent waits until at least n messages were sent to chatID and returns
// them all. On ctx's end it returns those sent so far and an error.
func (s *Server) WaitSent(ctx context.Context, chatID int64, n int) ([]SentMessage, error) {
	err := s.waitCount(ctx, chatID, n)
	return s.Sent(chatID), err
}

// waitCount waits until at least n messages were sent to chatID.
func (s *Server) waitCount(ctx context.Context, chatID int64, n int) error {
	for {
		s.mu.Lock()
		got := len(s.messages.byChat[chatID])
		if got >= n {
			s.mu.Unlock()
			return nil
		}
		// Wait for this chat only: with many chats waiting, waking them all
		// on every change would cost more than the bot under test.
		sent, ok := s.chatSent[chatID]
		if !ok {
			sent = make(chan struct{})
			s.chatSent[chatID] = sent
		}
		s.mu.Unlock()
		select {
		case <-sent:
		case <-ctx.Done():
			return fmt.Errorf("telegramtest: %d of %d messages sent to chat %d: %w", got, n, chatID, ctx.Err())
		case <-s.closing:
			return fmt.Errorf("telegramtest: server closed with %d of %d messages sent to chat %d", got, n, chatID)
		}
	}
}

// WaitFor waits until cond, evaluated on every change of the server's
// state (calls received, updates queued or confirmed, messages sent), is
// true.
func (s *Server) WaitFor(ctx context.Context, cond func() bool) error {
	for {
		changed := s.waitChange()
		if cond() {
			return nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return ctx.Err()
		case <-s.closing:
			return fmt.Errorf("telegramtest: server closed")
		}
	}
}
