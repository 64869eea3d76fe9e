package mail_test

import (
	"bytes"
	"context"
	"errors"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	smtpmock "github.com/mocktools/go-smtp-mock/v2"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/mail"
	"github.com/pagewright/pagewright/internal/secret"
	"github.com/pagewright/pagewright/internal/sqlstore"
	"github.com/pagewright/pagewright/internal/storetest"
)

// startSMTP runs a real SMTP server in process for the test.
func startSMTP(t *testing.T) *smtpmock.Server {
	t.Helper()
	// MultipleMessageReceiving keeps a delivered message when the client
	// sends RSET after it, as go-mail does.
	srv := smtpmock.New(smtpmock.ConfigurationAttr{HostAddress: "127.0.0.1", MultipleMessageReceiving: true})
	if err := srv.Start(); err != nil {
		t.Fatalf("start smtp mock: %v", err)
	}
	t.Cleanup(func() { _ = srv.Stop() })
	return srv
}

func settingsFor(srv *smtpmock.Server) mail.Settings {
	return mail.Settings{Host: "127.0.0.1", Port: srv.PortNumber(), TLS: mail.TLSNone, From: "Pagewright <noreply@example.org>"}
}

// closedPort returns a local port nothing listens on.
func closedPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	return port
}

func TestSMTPSend(t *testing.T) {
	t.Parallel()
	srv := startSMTP(t)
	err := mail.SMTP{}.Send(context.Background(), settingsFor(srv), mail.Message{
		To:      "nurse@clinic.example",
		Subject: "Your invitation to Pagewright",
		Text:    "Open this link to join: https://pw.example/invite/abc",
		HTML:    "<p>Open <a href=\"https://pw.example/invite/abc\">this link</a> to join.</p>",
	})
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	msgs, err := srv.WaitForMessages(1, 5*time.Second)
	if err != nil {
		t.Fatalf("wait: %v", err)
	}
	m := msgs[0]
	if !strings.Contains(m.MailfromRequest(), "noreply@example.org") {
		t.Errorf("MAIL FROM = %q", m.MailfromRequest())
	}
	rcpts := m.RcpttoRequestResponse()
	if len(rcpts) != 1 || !strings.Contains(rcpts[0][0], "<nurse@clinic.example>") {
		t.Errorf("RCPT TO = %q", rcpts)
	}
	body := m.MsgRequest()
	for _, want := range []string{
		"Subject: Your invitation to Pagewright",
		"To: <nurse@clinic.example>",
		"https://pw.example/invite/abc",
		"text/html",
		"multipart/alternative",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("message lacks %q:\n%s", want, body)
		}
	}
}

func TestSMTPSubjectIsOneLine(t *testing.T) {
	t.Parallel()
	srv := startSMTP(t)
	err := mail.SMTP{}.Send(context.Background(), settingsFor(srv), mail.Message{
		To: "a@example.org", Subject: "Hello\r\nBcc: victim@example.org", Text: "hi"})
	if err != nil {
		t.Fatalf("send: %v", err)
	}
	msgs, _ := srv.WaitForMessages(1, 5*time.Second)
	if body := msgs[0].MsgRequest(); strings.Contains(body, "\r\nBcc:") {
		t.Fatalf("header injected:\n%s", body)
	}
}

func TestSMTPRefused(t *testing.T) {
	t.Parallel()
	s := mail.Settings{Host: "127.0.0.1", Port: closedPort(t), TLS: mail.TLSNone, From: "noreply@example.org",
		Username: "mailer", Password: "correct-horse-battery"}
	err := mail.SMTP{Timeout: 5 * time.Second}.Send(context.Background(), s, mail.Message{To: "a@example.org", Subject: "x", Text: "y"})
	if err == nil {
		t.Fatal("send to a closed port succeeded")
	}
	msg := err.Error()
	t.Logf("error shown to the Admin: %s", msg)
	if !strings.Contains(msg, "127.0.0.1:"+strconv.Itoa(s.Port)) || !strings.Contains(msg, "refused") {
		t.Errorf("error is not readable: %q", msg)
	}
	if strings.Contains(msg, s.Password) {
		t.Errorf("error contains the password: %q", msg)
	}
}

// TestSMTPErrorsHidePassword: a server that rejects the sign-in must not
// get the password into the error text, even if it echoes it.
func TestSMTPErrorsHidePassword(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	const pw = "correct-horse-battery"
	go func() {
		c, err := l.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		_ = c.SetDeadline(time.Now().Add(5 * time.Second))
		buf := make([]byte, 4096)
		_, _ = c.Write([]byte("220 hi\r\n"))
		_, _ = c.Read(buf) // EHLO
		_, _ = c.Write([]byte("250-hi\r\n250 AUTH PLAIN\r\n"))
		n, _ := c.Read(buf) // AUTH PLAIN <base64>
		_, _ = c.Write([]byte("535 5.7.8 rejected " + strings.TrimSpace(string(buf[:n])) + " " + pw + "\r\n"))
		_, _ = c.Read(buf)
	}()
	s := mail.Settings{Host: "127.0.0.1", Port: l.Addr().(*net.TCPAddr).Port, TLS: mail.TLSNone, From: "noreply@example.org",
		Username: "mailer", Password: pw}
	err = mail.SMTP{Timeout: 5 * time.Second}.Send(context.Background(), s, mail.Message{To: "a@example.org", Subject: "x", Text: "y"})
	if err == nil {
		t.Fatal("send succeeded")
	}
	msg := err.Error()
	t.Logf("error shown to the Admin: %s", msg)
	if !strings.Contains(msg, "535") {
		t.Errorf("error lacks the server's answer: %q", msg)
	}
	if strings.Contains(msg, pw) || strings.Contains(msg, "AGNvcnJlY3QtaG9yc2UtYmF0dGVyeQ") ||
		strings.Contains(msg, "bWFpbGVyAGNvcnJlY3QtaG9yc2UtYmF0dGVyeQ") {
		t.Errorf("error contains the password: %q", msg)
	}
}

// TestSMTPNoPasswordInClear: PLAIN/LOGIN over a plain connection to a
// host other than localhost is refused before the password is sent.
func TestSMTPNoPasswordInClear(t *testing.T) {
	t.Parallel()
	// 127.0.0.2 is loopback on Linux but not "localhost" to the SMTP client.
	l, err := net.Listen("tcp", "127.0.0.2:0")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("127.0.0.2 is required under CI=true: %v", err)
		}
		t.Skipf("127.0.0.2 is not usable here: %v", err)
	}
	defer l.Close()
	got := make(chan string, 1)
	go func() {
		c, err := l.Accept()
		if err != nil {
			got <- ""
			return
		}
		defer c.Close()
		_ = c.SetDeadline(time.Now().Add(5 * time.Second))
		var all bytes.Buffer
		buf := make([]byte, 4096)
		_, _ = c.Write([]byte("220 hi\r\n"))
		n, _ := c.Read(buf)
		all.Write(buf[:n])
		_, _ = c.Write([]byte("250-hi\r\n250 AUTH PLAIN LOGIN\r\n"))
		for {
			n, err := c.Read(buf)
			all.Write(buf[:n])
			if err != nil {
				break
			}
			_, _ = c.Write([]byte("221 bye\r\n"))
		}
		got <- all.String()
	}()
	s := mail.Settings{Host: "127.0.0.2", Port: l.Addr().(*net.TCPAddr).Port, TLS: mail.TLSNone, From: "noreply@example.org",
		Username: "mailer", Password: "correct-horse-battery"}
	err = mail.SMTP{Timeout: 5 * time.Second}.Send(context.Background(), s, mail.Message{To: "a@example.org", Subject: "x", Text: "y"})
	if err == nil || !strings.Contains(err.Error(), "unencrypted") {
		t.Fatalf("err = %v, want the unencrypted-auth refusal", err)
	}
	t.Logf("error shown to the Admin: %v", err)
	select {
	case wire := <-got:
		if strings.Contains(wire, "AUTH") {
			t.Fatalf("client sent AUTH over a plain connection:\n%s", wire)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("server saw nothing")
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	ok := mail.Settings{Host: "smtp.example.org", Port: 587, TLS: mail.TLSStartTLS, Username: "u", Password: "p",
		From: "Pagewright <noreply@example.org>"}
	cases := []struct {
		name  string
		edit  func(*mail.Settings)
		field string // "" = valid
	}{
		{"valid", func(*mail.Settings) {}, ""},
		{"plain from", func(s *mail.Settings) { s.From = "noreply@example.org" }, ""},
		{"ipv6 host", func(s *mail.Settings) { s.Host = "::1" }, ""},
		{"no auth", func(s *mail.Settings) { s.Username, s.Password = "", "" }, ""},
		{"tls", func(s *mail.Settings) { s.TLS = mail.TLSImplicit; s.Port = 465 }, ""},
		{"none", func(s *mail.Settings) { s.TLS = mail.TLSNone; s.Port = 25 }, ""},
		{"empty host", func(s *mail.Settings) { s.Host = " " }, "body.host"},
		{"host with space", func(s *mail.Settings) { s.Host = "smtp example.org" }, "body.host"},
		{"host url", func(s *mail.Settings) { s.Host = "smtp://example.org" }, "body.host"},
		{"port 0", func(s *mail.Settings) { s.Port = 0 }, "body.port"},
		{"port 65536", func(s *mail.Settings) { s.Port = 65536 }, "body.port"},
		{"port 65535", func(s *mail.Settings) { s.Port = 65535 }, ""},
		{"tls empty", func(s *mail.Settings) { s.TLS = "" }, "body.tls"},
		{"tls ssl", func(s *mail.Settings) { s.TLS = "ssl" }, "body.tls"},
		{"from empty", func(s *mail.Settings) { s.From = "" }, "body.from"},
		{"from no at", func(s *mail.Settings) { s.From = "noreply" }, "body.from"},
		{"from two", func(s *mail.Settings) { s.From = "a@example.org, b@example.org" }, "body.from"},
		{"from newline", func(s *mail.Settings) { s.From = "a@example.org\r\nBcc: b@example.org" }, "body.from"},
		{"password newline", func(s *mail.Settings) { s.Password = "a\nb" }, "body.password"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := ok
			c.edit(&s)
			err := s.Validate()
			if c.field == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			var e *errs.Error
			if !errors.As(err, &e) || e.Kind != errs.KindInvalid {
				t.Fatalf("Validate() = %v, want an invalid error", err)
			}
			if len(e.Fields) != 1 || e.Fields[0].Location != c.field {
				t.Fatalf("fields = %+v, want just %s", e.Fields, c.field)
			}
			if c.field == "body.password" && e.Fields[0].Value != nil {
				t.Fatalf("the password was echoed in the error")
			}
		})
	}
}

// allowAll is an Authorizer that allows everything.
type allowAll struct{}

func (allowAll) Authorize(context.Context, access.Action, access.Resource, string) error { return nil }

// denyAll denies everything.
type denyAll struct{}

func (denyAll) Authorize(context.Context, access.Action, access.Resource, string) error {
	return errs.Forbidden("access.denied", "no")
}

func TestService(t *testing.T) {
	t.Parallel()
	storetest.OnEachDatabase(t, testService)
}

func testService(t *testing.T, db *sqlstore.DB) {
	box, err := secret.New(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		t.Fatal(err)
	}
	srv := startSMTP(t)
	svc := &mail.Service{Store: sqlstore.Settings{DB: db}, Box: box, Sender: mail.SMTP{}, Auth: allowAll{}, Now: time.Now}
	ctx := access.WithActor(context.Background(), &access.Actor{UserID: "admin-1", Name: "Ada", Role: access.RoleAdmin})
	const pw = "s3cret-Password!"

	// Nothing saved yet.
	v, err := svc.Get(ctx)
	if err != nil || v.Configured {
		t.Fatalf("Get before Put = %+v, %v", v, err)
	}
	if svc.Configured(ctx) {
		t.Fatal("Configured before Put")
	}
	if err := svc.Send(ctx, mail.Message{To: "a@example.org", Subject: "x", Text: "y"}); !errors.Is(err, mail.ErrNotConfigured) {
		t.Fatalf("Send before Put: %v, want ErrNotConfigured", err)
	}
	if err := svc.SendTest(ctx, "a@example.org"); !errors.Is(err, mail.ErrNotConfigured) {
		t.Fatalf("SendTest before Put: %v, want ErrNotConfigured", err)
	}

	// Invalid input changes nothing.
	if _, err := svc.Put(ctx, mail.Input{Host: "", Port: 0, TLS: "x", From: "y"}); !errs.Is(err, errs.KindInvalid) {
		t.Fatalf("Put invalid: %v", err)
	}

	p := pw
	in := mail.Input{Host: "127.0.0.1", Port: srv.PortNumber(), TLS: mail.TLSNone, Username: "", Password: &p, From: "Pagewright <noreply@example.org>"}
	v, err = svc.Put(ctx, in)
	if err != nil {
		t.Fatalf("Put: %v", err)
	}
	want := mail.View{Configured: true, Host: "127.0.0.1", Port: srv.PortNumber(), TLS: mail.TLSNone, PasswordSet: true, From: "Pagewright <noreply@example.org>"}
	if v != want {
		t.Fatalf("Put = %+v, want %+v", v, want)
	}
	if v, err = svc.Get(ctx); err != nil || v != want {
		t.Fatalf("Get = %+v, %v; want %+v", v, err, want)
	}
	if !svc.Configured(ctx) {
		t.Fatal("not Configured after Put")
	}

	// The stored row holds the sealed password, never the plaintext.
	var raw string
	if err := db.R.QueryRow("SELECT value FROM settings WHERE key = 'email'").Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(raw, pw) || !strings.Contains(raw, `"v1:`) {
		t.Fatalf("stored value = %s", raw)
	}
	// ... and so does no audit entry.
	entries, err := db.QueryAudit(ctx, audit.Filter{Action: "settings.email.", Limit: 10})
	if err != nil || len(entries) != 1 {
		t.Fatalf("audit = %+v, %v", entries, err)
	}
	e := entries[0]
	if e.Action != "settings.email.update" || e.ActorID != "admin-1" || e.Changes == nil ||
		e.Changes.After["passwordChanged"] != true || e.Changes.After["host"] != "127.0.0.1" {
		t.Fatalf("audit entry = %+v", e)
	}
	if _, ok := e.Changes.After["password"]; ok {
		t.Fatalf("audit has a password field: %+v", e.Changes.After)
	}
	var auditRaw string
	if err := db.R.QueryRow("SELECT changes FROM audit_log WHERE action = 'settings.email.update'").Scan(&auditRaw); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(auditRaw, pw) || strings.Contains(auditRaw, "v1:") {
		t.Fatalf("audit changes carry the password: %s", auditRaw)
	}

	// Password nil keeps the stored one.
	in.Password = nil
	in.Host = " 127.0.0.1 "
	if v, err = svc.Put(ctx, in); err != nil || !v.PasswordSet || v.Host != "127.0.0.1" {
		t.Fatalf("Put without password = %+v, %v", v, err)
	}
	var raw2 string
	_ = db.R.QueryRow("SELECT value FROM settings WHERE key = 'email'").Scan(&raw2)
	if sealed(raw2) != sealed(raw) {
		t.Fatalf("sealed password changed: %s → %s", raw, raw2)
	}
	entries, _ = db.QueryAudit(ctx, audit.Filter{Action: "settings.email.update", Limit: 1})
	if _, ok := entries[0].Changes.After["passwordChanged"]; ok || entries[0].Changes.Before == nil {
		t.Fatalf("second update audit = %+v", entries[0].Changes)
	}

	// The test message goes out and is audited.
	if err := svc.SendTest(ctx, "admin@example.org"); err != nil {
		t.Fatalf("SendTest: %v", err)
	}
	msgs, err := srv.WaitForMessages(1, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if rc := msgs[0].RcpttoRequestResponse(); len(rc) != 1 || !strings.Contains(rc[0][0], "admin@example.org") {
		t.Fatalf("RCPT = %q", rc)
	}
	if !strings.Contains(msgs[0].MsgRequest(), "Subject: Pagewright test message") {
		t.Fatalf("message:\n%s", msgs[0].MsgRequest())
	}
	entries, _ = db.QueryAudit(ctx, audit.Filter{Action: "settings.email.test", Limit: 1})
	if len(entries) != 1 || entries[0].Status != audit.StatusSuccess {
		t.Fatalf("test audit = %+v", entries)
	}

	// Send (for invitations) uses the opened password: a fake sender sees it.
	rec := &recordSender{}
	svc2 := *svc
	svc2.Sender = rec
	if err := svc2.Send(context.Background(), mail.Message{To: "x@example.org", Subject: "s", Text: "t"}); err != nil {
		t.Fatal(err)
	}
	if rec.got.Password != pw || rec.got.Host != "127.0.0.1" {
		t.Fatalf("sender got %+v", rec.got)
	}

	// A failed test send is a 502 with the server's answer, and audited.
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	err = svc.SendTest(ctx, "admin@example.org")
	var ee *errs.Error
	if !errors.As(err, &ee) || ee.Kind != errs.KindBadGateway || ee.Code != "email.send_failed" || !strings.Contains(ee.Message, "127.0.0.1") {
		t.Fatalf("SendTest to a stopped server: %v", err)
	}
	t.Logf("502 detail: %s", ee.Message)
	if strings.Contains(ee.Message, pw) {
		t.Fatalf("message has the password: %s", ee.Message)
	}
	entries, _ = db.QueryAudit(ctx, audit.Filter{Action: "settings.email.test", Limit: 1})
	if entries[0].Status != audit.StatusFailure || entries[0].Error == "" {
		t.Fatalf("failed test audit = %+v", entries[0])
	}

	// An empty password removes it.
	empty := ""
	in.Password = &empty
	if v, err = svc.Put(ctx, in); err != nil || v.PasswordSet {
		t.Fatalf("Put empty password = %+v, %v", v, err)
	}

	// Everything but Configured and Send is for Admins.
	svc3 := *svc
	svc3.Auth = denyAll{}
	if _, err := svc3.Get(ctx); !errs.Is(err, errs.KindForbidden) {
		t.Fatalf("Get denied: %v", err)
	}
	if _, err := svc3.Put(ctx, in); !errs.Is(err, errs.KindForbidden) {
		t.Fatalf("Put denied: %v", err)
	}
	if err := svc3.SendTest(ctx, "a@example.org"); !errs.Is(err, errs.KindForbidden) {
		t.Fatalf("SendTest denied: %v", err)
	}
	if !svc3.Configured(ctx) {
		t.Fatal("Configured checks access")
	}

	if _, p, err := db.VerifyAudit(ctx); err != nil || p != nil {
		t.Fatalf("verify audit: %v %v", p, err)
	}
}

// sealed extracts the sealed password from a stored value.
func sealed(raw string) string {
	i := strings.Index(raw, `"v1:`)
	if i < 0 {
		return ""
	}
	j := strings.Index(raw[i+1:], `"`)
	return raw[i : i+j+2]
}

type recordSender struct{ got mail.Settings }

func (r *recordSender) Send(_ context.Context, s mail.Settings, _ mail.Message) error {
	r.got = s
	return nil
}

// TestServiceWrongKey: a password sealed with another key is reported, not
// sent as garbage.
func TestServiceWrongKey(t *testing.T) {
	t.Parallel()
	db := storetest.Open(t, "", t.TempDir())
	box1, _ := secret.New(bytes.Repeat([]byte{1}, 32))
	box2, _ := secret.New(bytes.Repeat([]byte{2}, 32))
	ctx := context.Background()
	svc := &mail.Service{Store: sqlstore.Settings{DB: db}, Box: box1, Sender: &recordSender{}, Auth: allowAll{}, Now: time.Now}
	pw := "pw"
	if _, err := svc.Put(ctx, mail.Input{Host: "smtp.example.org", Port: 587, TLS: mail.TLSStartTLS, Username: "u", Password: &pw, From: "a@example.org"}); err != nil {
		t.Fatal(err)
	}
	svc.Box = box2
	if err := svc.Send(ctx, mail.Message{To: "b@example.org", Subject: "s", Text: "t"}); !errs.Is(err, errs.KindConflict) || !strings.Contains(err.Error(), "secret key") {
		t.Fatalf("Send with another key: %v", err)
	}
}
