package telegram

import (
	"bytes"
	"errors"
	"testing"

	"github.com/clubbot/clubbot/bot"
)

func TestSendFilesAsPhotoAndDocument(t *testing.T) {
	srv, ch := newChannel(t, newInbox())
	png := []byte("\x89PNG\r\n\x1a\nchart")
	xlsx := []byte("PK\x03\x04sheet")
	for _, out := range []bot.Outgoing{
		{ID: 1, Channel: "telegram", ChatID: "501", Text: "<b>Tiến độ</b> tuần 35", File: &bot.File{Kind: bot.FilePhoto, Name: "tien-do.png", Data: png}},
		{ID: 2, Channel: "telegram", ChatID: "501", File: &bot.File{Kind: bot.FileDocument, Name: "chi-tiet.xlsx", Data: xlsx}},
	} {
		if err := ch.Send(ctxTimeout(t), out); err != nil {
			t.Fatalf("send %s: %v", out.File.Kind, err)
		}
	}
	sent := srv.Sent(501)
	if len(sent) != 2 {
		t.Fatalf("sent %d messages, want 2", len(sent))
	}
	if sent[0].Kind != "photo" || sent[0].Text != "Tiến độ tuần 35" || !bytes.Equal(sent[0].FileData, png) {
		t.Errorf("photo = %+v", sent[0])
	}
	if sent[1].Kind != "document" || sent[1].FileName != "chi-tiet.xlsx" || !bytes.Equal(sent[1].FileData, xlsx) {
		t.Errorf("document = %+v", sent[1])
	}
}

func TestSendFileRefusesALongCaption(t *testing.T) {
	_, ch := newChannel(t, newInbox())
	long := make([]byte, 1100)
	for i := range long {
		long[i] = 'a'
	}
	err := ch.Send(ctxTimeout(t), bot.Outgoing{ID: 3, Channel: "telegram", ChatID: "501", Text: string(long),
		File: &bot.File{Kind: bot.FilePhoto, Name: "x.png", Data: []byte("x")}})
	var se *bot.SendError
	if !errors.As(err, &se) || !se.Permanent {
		t.Fatalf("a 1100-character caption: %v", err)
	}
}

func TestSendFilesAgainByTheirFileID(t *testing.T) {
	srv, ch := newChannel(t, newInbox())
	for _, out := range []bot.Outgoing{
		{ID: 4, Channel: "telegram", ChatID: "501", Text: "<b>Thông báo</b>", File: &bot.File{Kind: bot.FilePhoto, ID: "AgADph1"}},
		{ID: 5, Channel: "telegram", ChatID: "501", File: &bot.File{Kind: bot.FileDocument, ID: "BQADdoc2", Name: "ke-hoach.pdf"}},
	} {
		if err := ch.Send(ctxTimeout(t), out); err != nil {
			t.Fatalf("send %s: %v", out.File.Kind, err)
		}
	}
	sent := srv.Sent(501)
	if len(sent) != 2 || sent[0].Kind != "photo" || sent[0].FileRef != "AgADph1" || len(sent[0].FileData) != 0 || sent[0].Text != "Thông báo" ||
		sent[1].Kind != "document" || sent[1].FileRef != "BQADdoc2" {
		t.Fatalf("sent %+v, want the photo and the document by their file_id", sent)
	}
}
