package outbox_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-pdf/fpdf"
	"github.com/torg-kommune/torg"
	"github.com/torg-kommune/torg/internal/outbox"
	"github.com/torg-kommune/torg/internal/outbox/outboxtest"
	"github.com/torg-kommune/torg/internal/pdfmerge"
	"github.com/torg-kommune/torg/internal/store"
	"github.com/torg-kommune/torg/internal/store/storetest"
)

func TestHTTPSMS(t *testing.T) {
	tests := []struct {
		name      string
		status    int
		wantErr   bool
		permanent bool
	}{
		{"accepted", 0, false, false},
		{"bad number", http.StatusBadRequest, true, true},
		{"rate limited", http.StatusTooManyRequests, true, false},
		{"gateway down", http.StatusServiceUnavailable, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gw := outboxtest.NewSMSGateway(t)
			gw.SetHook(func(string) int { return tt.status })
			sms := &outbox.HTTPSMS{URL: gw.Server.URL, Token: "secret"}
			msg := outbox.Message{Channel: store.ChannelSMS, Recipient: "+4791234567", Body: "Hei", IdempotencyKey: "k1"}
			err := sms.Deliver(context.Background(), msg)
			if (err != nil) != tt.wantErr || outbox.IsPermanent(err) != tt.permanent {
				t.Errorf("err = %v; want error %v, permanent %v", err, tt.wantErr, tt.permanent)
			}
			if gw.Counts()["k1"] != 1 || gw.Bad() != 0 {
				t.Errorf("gateway counts %v, bad %d", gw.Counts(), gw.Bad())
			}
		})
	}
}

func TestHTTPSMSTimeoutIsRetried(t *testing.T) {
	gw := outboxtest.NewSMSGateway(t)
	release := make(chan struct{})
	defer close(release)
	gw.SetHook(func(string) int { <-release; return 0 })
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err := (&outbox.HTTPSMS{URL: gw.Server.URL}).Deliver(ctx, outbox.Message{Recipient: "+4791234567",
		Body: "Hei", IdempotencyKey: "k1"})
	if err == nil || outbox.IsPermanent(err) {
		t.Errorf("err = %v; want a retryable error", err)
	}
}

func TestSMTPMessageIDIsStable(t *testing.T) {
	srv := outboxtest.NewSMTPServer(t)
	s := &outbox.SMTP{Addr: srv.Addr, From: "Kristiansand kommune <post@kristiansand.kommune.no>",
		Clock: &torg.FixedClock{T: now}}
	msg := outbox.Message{Channel: store.ChannelEmail, Recipient: "kari@example.no", Subject: "Innkalling – møte",
		Body: "Hei Kari,\nvelkommen.", IdempotencyKey: "case:1:DC4.3"}
	for range 2 {
		if err := s.Deliver(context.Background(), msg); err != nil {
			t.Fatal(err)
		}
	}
	id := outbox.MessageID("case:1:DC4.3", s.From)
	if got := srv.Counts(); len(got) != 1 || got[id] != 2 {
		t.Errorf("server counts %v; want both sends under %s", got, id)
	}
	if !strings.HasSuffix(id, "@kristiansand.kommune.no>") {
		t.Errorf("Message-ID %s not in the sender's domain", id)
	}
}

func TestSMTPErrors(t *testing.T) {
	srv := outboxtest.NewSMTPServer(t)
	s := &outbox.SMTP{Addr: srv.Addr, From: "post@example.no"}
	msg := outbox.Message{Recipient: "kari@example.no", Subject: "x", Body: "y", IdempotencyKey: "k"}
	for code, permanent := range map[int]bool{550: true, 451: false} {
		srv.SetHook(func(string) int { return code })
		err := s.Deliver(context.Background(), msg)
		if err == nil || outbox.IsPermanent(err) != permanent {
			t.Errorf("reply %d: err = %v, want permanent %v", code, err, permanent)
		}
	}
	msg.Recipient = "kari@example.no\r\nBcc: x@y.no"
	if err := s.Deliver(context.Background(), msg); !outbox.IsPermanent(err) {
		t.Errorf("header injection: err = %v, want permanent", err)
	}
	s.Addr = "127.0.0.1:1"
	msg.Recipient = "kari@example.no"
	if err := s.Deliver(context.Background(), msg); err == nil || outbox.IsPermanent(err) {
		t.Errorf("server down: err = %v, want retryable", err)
	}
}

func TestPrintBatchIsOnePDF(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := &torg.FixedClock{T: now}
		f := outboxtest.MustFixture(t, db, now)
		for _, k := range []string{"p1", "p2", "p3"} {
			m := f.Message(store.ChannelPrint, k)
			m.Body += "\n\n" + strings.Repeat("Langt brev om økonomi, gjeld og budsjett. ", 200)
			outboxtest.MustEnqueue(t, db, now, m)
		}
		pq := &outbox.PrintQueue{DB: db, Clock: clock}
		mustDrain(t, outbox.New(db, clock, pq))
		b, err := pq.Batch(ctx, f.M.ID)
		if err != nil || b == nil || b.Count != 3 {
			t.Fatalf("batch %+v, %v", b, err)
		}
		if again, err := pq.Batch(ctx, f.M.ID); again != nil || err != nil {
			t.Errorf("second batch %+v, %v; the queue was empty", again, err)
		}
		pdf, err := db.R().Blob(ctx, b.DocumentSHA256)
		if err != nil {
			t.Fatal(err)
		}
		// The cover padded to 2 pages, then 3 letters of 3 pages, each
		// padded to 4 so that the next starts on a front side.
		if n, err := pdfmerge.Pages(pdf); err != nil || n != 2+3*4 {
			t.Errorf("batch has %d pages (%v), want 14: a cover and 3 three-page letters, each from a front side", n, err)
		}
		checkPDFText(t, pdf, "Innkalling til møte", "4611 Kristiansand", "Print batch")
	})
}

func TestPrintBatchCarriesTheLettersDocuments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		clock := &torg.FixedClock{T: now}
		f := outboxtest.MustFixture(t, db, now)
		// A laid-out letter of 3 pages, such as a request with the power of attorney.
		var doc bytes.Buffer
		p := fpdf.New("P", "mm", "A4", "")
		for i := range 3 {
			p.AddPage()
			p.SetFont("Helvetica", "", 12)
			p.Cell(40, 10, fmt.Sprintf("Fullmakt side %d", i+1))
		}
		if err := p.Output(&doc); err != nil {
			t.Fatal(err)
		}
		sum := sha256.Sum256(doc.Bytes())
		sha := hex.EncodeToString(sum[:])
		if err := db.Write(ctx, func(q *store.Q) error { return q.PutBlob(ctx, sha, doc.Bytes()) }); err != nil {
			t.Fatal(err)
		}
		m := f.Message(store.ChannelPrint, "with-document")
		m.DocumentSHA256 = sha
		outboxtest.MustEnqueue(t, db, now, m)
		outboxtest.MustEnqueue(t, db, now, f.Message(store.ChannelPrint, "text-only"))
		pq := &outbox.PrintQueue{DB: db, Clock: clock}
		mustDrain(t, outbox.New(db, clock, pq))
		b, err := pq.Batch(ctx, f.M.ID)
		if err != nil || b == nil || b.Count != 2 {
			t.Fatalf("batch %+v, %v", b, err)
		}
		batch, err := db.R().Blob(ctx, b.DocumentSHA256)
		if err != nil {
			t.Fatal(err)
		}
		// Cover 2, the document's 3 pages padded to 4, the text letter 2.
		if n, err := pdfmerge.Pages(batch); err != nil || n != 8 {
			t.Errorf("batch has %d pages (%v), want 8 with the letter's own 3 pages", n, err)
		}
		checkPDFText(t, batch, "Fullmakt side 3", "Print batch")
	})
}

// checkPDFText extracts the PDF's text with poppler's pdftotext, where it
// is installed, and looks for want in it.
func checkPDFText(t *testing.T, pdf []byte, want ...string) {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Log("pdftotext not installed: PDF text not checked")
		return
	}
	path := filepath.Join(t.TempDir(), "batch.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-enc", "UTF-8", path, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("pdftotext: %v\n%s", err, out)
	}
	for _, w := range want {
		if !strings.Contains(string(out), w) {
			t.Errorf("PDF text lacks %q:\n%.500s", w, out)
		}
	}
}
