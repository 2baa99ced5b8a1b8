package outboxtest

import (
	"bytes"
	"fmt"
	"net"
	"net/mail"
	"net/textproto"
	"strings"
	"testing"
)

// SMTPServer is a minimal recording SMTP server on 127.0.0.1: it accepts
// EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP and QUIT, offers no extensions,
// and records each mail by its Message-ID header.
type SMTPServer struct {
	Recorder
	Addr string
	ln   net.Listener
}

// NewSMTPServer starts a server, closed when the test ends.
func NewSMTPServer(tb testing.TB) *SMTPServer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	s := &SMTPServer{Addr: ln.Addr().String(), ln: ln}
	tb.Cleanup(func() { ln.Close() })
	go s.accept()
	return s
}

func (s *SMTPServer) accept() {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		go s.serve(c)
	}
}

func (s *SMTPServer) serve(c net.Conn) {
	defer c.Close()
	tp := textproto.NewConn(c)
	tp.PrintfLine("220 localhost recording SMTP")
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb := strings.ToUpper(strings.Fields(line + " x")[0])
		switch verb {
		case "EHLO", "HELO", "MAIL", "RCPT", "RSET", "NOOP":
			tp.PrintfLine("250 ok")
		case "DATA":
			tp.PrintfLine("354 go ahead")
			tp.PrintfLine("%s", s.data(tp))
		case "QUIT":
			tp.PrintfLine("221 bye")
			return
		default:
			tp.PrintfLine("502 not implemented")
		}
	}
}

// data reads one mail up to the lone dot and returns the reply to it.
func (s *SMTPServer) data(tp *textproto.Conn) string {
	b, err := tp.ReadDotBytes()
	if err != nil {
		return "554 bad data"
	}
	msg, err := mail.ReadMessage(bytes.NewReader(b))
	if err != nil {
		return "554 bad message"
	}
	id := msg.Header.Get("Message-Id")
	if id == "" {
		return "554 no Message-ID"
	}
	if code := s.record(id); code != 0 {
		return fmt.Sprintf("%d refused by test", code)
	}
	return "250 queued as " + id
}
