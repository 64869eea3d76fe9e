// Package mail sends the instance's email (invitations, password resets,
// test messages) through the SMTP server an Admin configures, and keeps
// those settings: stored as JSON in the settings table with the password
// sealed by the app's secret key (see package secret), never shown again.
package mail

import (
	"context"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	netmail "net/mail"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode"

	gomail "github.com/wneessen/go-mail"
	gosmtp "github.com/wneessen/go-mail/smtp"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/secret"
)

// TLS modes of Settings.TLS.
const (
	TLSNone     = "none"     // plain SMTP, no encryption
	TLSStartTLS = "starttls" // plain connection upgraded with STARTTLS, which is required
	TLSImplicit = "tls"      // TLS from the first byte ("SMTPS", usually port 465)
)

// DefaultTimeout bounds one send: connecting, talking and closing.
const DefaultTimeout = 15 * time.Second

// Settings is how to reach the SMTP server.
type Settings struct {
	Host     string
	Port     int
	TLS      string // TLSNone, TLSStartTLS or TLSImplicit
	Username string // empty: no SMTP authentication
	Password string
	From     string // the sender, "Name <addr@example.org>" or "addr@example.org"
}

// Validate checks the settings, naming each bad field as body.<name>.
func (s Settings) Validate() error {
	var fe []errs.FieldError
	switch {
	case strings.TrimSpace(s.Host) == "":
		fe = append(fe, errs.Field("host", "Enter the email server's host name.", s.Host))
	case len(s.Host) > 253 || strings.ContainsFunc(s.Host, badHostRune):
		fe = append(fe, errs.Field("host", "Enter a host name or IP address only, such as smtp.example.org.", s.Host))
	}
	if s.Port < 1 || s.Port > 65535 {
		fe = append(fe, errs.Field("port", "Enter a port between 1 and 65535 (usually 587 for STARTTLS, 465 for TLS).", s.Port))
	}
	switch s.TLS {
	case TLSNone, TLSStartTLS, TLSImplicit:
	default:
		fe = append(fe, errs.Field("tls", `Choose "none", "starttls" or "tls".`, s.TLS))
	}
	if len(s.Username) > 320 || strings.ContainsFunc(s.Username, unicode.IsControl) {
		fe = append(fe, errs.Field("username", "Enter a user name of up to 320 characters.", nil))
	}
	if len(s.Password) > 1024 || strings.ContainsAny(s.Password, "\r\n\x00") {
		// Never echo the password back.
		fe = append(fe, errs.Field("password", "Enter a password of up to 1024 characters on one line.", nil))
	}
	if err := checkAddress(s.From); err != nil {
		fe = append(fe, errs.Field("from", "Enter the sender address, such as Pagewright <noreply@example.org>.", s.From))
	}
	if len(fe) > 0 {
		return errs.Invalid("email.invalid", "Some email settings need attention.", fe...)
	}
	return nil
}

func badHostRune(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r) || strings.ContainsRune("/@?#\\", r)
}

// checkAddress accepts one RFC 5322 address, with or without a name.
func checkAddress(s string) error {
	if strings.ContainsAny(s, "\r\n") {
		return errors.New("line break in address")
	}
	a, err := netmail.ParseAddress(s)
	if err != nil {
		return err
	}
	if !strings.Contains(a.Address, "@") {
		return errors.New("no @ in address")
	}
	return nil
}

// Message is one email to one recipient. Text is required in practice;
// HTML, when set, is sent as the alternative.
type Message struct {
	To      string
	Subject string
	Text    string
	HTML    string
}

// Sender delivers a message through the server described by Settings.
type Sender interface {
	Send(ctx context.Context, s Settings, m Message) error
}

// SMTP is the Sender that talks SMTP with go-mail. The zero value is ready.
type SMTP struct {
	// Timeout bounds each send; DefaultTimeout when zero.
	Timeout time.Duration
	// TLSConfig overrides the TLS configuration (for a private CA); by
	// default the server's certificate is verified against the system roots
	// for Settings.Host, TLS 1.2 or newer.
	TLSConfig *tls.Config
	// HELO is the name this instance greets the server with (EHLO). Servers
	// want a fully qualified name; by default it is the machine's host name
	// when that has a dot, else "localhost".
	HELO string
}

var _ Sender = SMTP{}

// Send delivers m. Its error text is meant for the Admin: it says what the
// server answered (or why it could not be reached) and never contains the
// password.
func (c SMTP) Send(ctx context.Context, s Settings, m Message) error {
	if err := s.Validate(); err != nil {
		return err
	}
	timeout := c.Timeout
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	msg := gomail.NewMsg()
	if err := msg.From(s.From); err != nil {
		return fmt.Errorf("sender address %q is not valid", s.From)
	}
	if err := checkAddress(m.To); err != nil {
		return fmt.Errorf("recipient address %q is not valid", m.To)
	}
	if err := msg.To(m.To); err != nil {
		return fmt.Errorf("recipient address %q is not valid", m.To)
	}
	msg.Subject(oneLine(m.Subject))
	msg.SetDate()
	msg.SetMessageID()
	switch {
	case m.HTML == "":
		msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	case m.Text == "":
		msg.SetBodyString(gomail.TypeTextHTML, m.HTML)
	default:
		msg.SetBodyString(gomail.TypeTextPlain, m.Text)
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}

	opts := []gomail.Option{gomail.WithPort(s.Port), gomail.WithTimeout(timeout)}
	switch s.TLS {
	case TLSNone:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	case TLSStartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	case TLSImplicit:
		opts = append(opts, gomail.WithSSL())
	}
	if c.TLSConfig != nil {
		opts = append(opts, gomail.WithTLSConfig(c.TLSConfig))
	}
	opts = append(opts, gomail.WithHELO(c.helo()))
	if s.Username != "" {
		// PLAIN or LOGIN, whichever the server offers (then the strongest
		// other mechanism it offers). PLAIN and LOGIN refuse to send the
		// password over an unencrypted connection except to localhost.
		opts = append(opts, gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthPlain, gomail.SMTPAuthLogin),
			gomail.WithUsername(s.Username), gomail.WithPassword(s.Password))
	}
	client, err := gomail.NewClient(s.Host, opts...)
	if err != nil {
		return scrub(fmt.Errorf("email settings: %w", err), s)
	}
	if err := client.DialAndSendWithContext(ctx, msg); err != nil {
		return scrub(explain(err, s), s)
	}
	return nil
}

func (c SMTP) helo() string {
	if c.HELO != "" {
		return c.HELO
	}
	if h, err := os.Hostname(); err == nil && strings.Contains(h, ".") && !strings.ContainsFunc(h, badHostRune) {
		return h
	}
	return "localhost"
}

// explain puts the server address in front of the error and adds a hint
// for the failures an Admin can fix in the settings.
func explain(err error, s Settings) error {
	addr := s.Host + ":" + strconv.Itoa(s.Port)
	hint := ""
	switch {
	case errors.Is(err, gosmtp.ErrUnencrypted):
		hint = ` (the password would be sent unencrypted: choose "starttls" or "tls")`
	case errors.Is(err, context.DeadlineExceeded) || strings.Contains(err.Error(), "i/o timeout"):
		hint = " (no answer in time: check the host, port and TLS mode, and that a firewall allows the connection)"
	case strings.Contains(err.Error(), "does not support STARTTLS"):
		hint = ` (choose "tls" for port 465, or "none" if the server has no encryption)`
	case strings.Contains(err.Error(), "first record does not look like a TLS handshake"):
		hint = ` (the server does not speak TLS on this port: try "starttls")`
	case strings.Contains(err.Error(), "server does not support SMTP AUTH"):
		hint = " (leave the user name empty if the server needs no sign-in)"
	}
	return fmt.Errorf("email server %s: %v%s", addr, err, hint)
}

// scrub removes the password, and the encodings SMTP AUTH sends it in,
// from an error's text.
func scrub(err error, s Settings) error {
	if err == nil || s.Password == "" {
		return err
	}
	msg := err.Error()
	for _, secret := range []string{
		s.Password,
		base64.StdEncoding.EncodeToString([]byte(s.Password)),
		base64.StdEncoding.EncodeToString([]byte("\x00" + s.Username + "\x00" + s.Password)),
		base64.StdEncoding.EncodeToString([]byte(s.Username + "\x00" + s.Username + "\x00" + s.Password)),
	} {
		msg = strings.ReplaceAll(msg, secret, "xxxxx")
	}
	return errors.New(msg)
}

func oneLine(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\r' || r == '\n' }), " ")
}

// SettingsKey is the settings row holding the email settings.
const SettingsKey = "email"

// passwordAAD binds the sealed password to its one use.
const passwordAAD = "settings.email.password"

// ErrNotConfigured is returned by Send (and SendTest) before an Admin has
// saved the email settings.
var ErrNotConfigured = errs.Conflict("email.not_configured", "Email is not set up yet: an Admin can set it up under Settings → Email.")

// SettingsStore keeps instance settings as JSON by key.
type SettingsStore interface {
	// GetSetting returns the value, or errs.ErrNoRows when it was never set.
	GetSetting(ctx context.Context, key string) ([]byte, error)
	// PutSetting creates or replaces the value, appending e in the same
	// transaction. The row's updated_at is e.Time.
	PutSetting(ctx context.Context, key string, value []byte, by string, e audit.Entry) error
	// Append writes a standalone audit entry (the test message).
	Append(ctx context.Context, e audit.Entry) error
}

// stored is the JSON kept in the settings row.
type stored struct {
	Host     string `json:"host"`
	Port     int    `json:"port"`
	TLS      string `json:"tls"`
	Username string `json:"username"`
	// Password is sealed with the app key ("v1:…"); empty when none.
	Password string `json:"password,omitempty"`
	From     string `json:"from"`
}

// View is what Admins see of the settings: never the password.
type View struct {
	Configured  bool   `json:"configured"`
	Host        string `json:"host"`
	Port        int    `json:"port"`
	TLS         string `json:"tls"`
	Username    string `json:"username"`
	PasswordSet bool   `json:"passwordSet"`
	From        string `json:"from"`
}

// Input replaces the settings. A nil Password keeps the stored one; an
// empty one removes it.
type Input struct {
	Host     string  `json:"host" maxLength:"253"`
	Port     int     `json:"port" minimum:"1" maximum:"65535"`
	TLS      string  `json:"tls" enum:"none,starttls,tls"`
	Username string  `json:"username,omitempty" maxLength:"254"`
	Password *string `json:"password,omitempty"`
	From     string  `json:"from" maxLength:"254"`
}

// Service manages the email settings (Admins) and sends email for other
// services.
type Service struct {
	Store  SettingsStore
	Box    *secret.Box
	Sender Sender
	Auth   access.Authorizer
	Now    func() time.Time
}

const resName = "Email settings"

func (s *Service) authorize(ctx context.Context) error {
	return s.Auth.Authorize(ctx, access.MemberMgmt, access.Org(), resName)
}

// load returns the stored settings; ok is false when there are none.
func (s *Service) load(ctx context.Context) (st stored, ok bool, err error) {
	b, err := s.Store.GetSetting(ctx, SettingsKey)
	if errors.Is(err, errs.ErrNoRows) {
		return stored{}, false, nil
	}
	if err != nil {
		return stored{}, false, err
	}
	if err := json.Unmarshal(b, &st); err != nil {
		return stored{}, false, fmt.Errorf("email settings: %w", err)
	}
	return st, true, nil
}

func (st stored) view() View {
	return View{Configured: true, Host: st.Host, Port: st.Port, TLS: st.TLS, Username: st.Username,
		PasswordSet: st.Password != "", From: st.From}
}

// fields is the audited form: everything but the password.
func (v View) fields() map[string]any {
	return map[string]any{"host": v.Host, "port": v.Port, "tls": v.TLS, "username": v.Username,
		"passwordSet": v.PasswordSet, "from": v.From}
}

// Get returns the settings without the password. Before any are saved it
// returns Configured false with the usual defaults (port 587, STARTTLS).
func (s *Service) Get(ctx context.Context) (View, error) {
	if err := s.authorize(ctx); err != nil {
		return View{}, err
	}
	st, ok, err := s.load(ctx)
	if err != nil {
		return View{}, errs.Internal(err)
	}
	if !ok {
		return View{Port: 587, TLS: TLSStartTLS}, nil
	}
	return st.view(), nil
}

// Put replaces the settings, sealing a new password.
func (s *Service) Put(ctx context.Context, in Input) (View, error) {
	if err := s.authorize(ctx); err != nil {
		return View{}, err
	}
	old, ok, err := s.load(ctx)
	if err != nil {
		return View{}, errs.Internal(err)
	}
	set := Settings{Host: strings.TrimSpace(in.Host), Port: in.Port, TLS: strings.TrimSpace(in.TLS),
		Username: strings.TrimSpace(in.Username), From: strings.TrimSpace(in.From)}
	if in.Password != nil {
		set.Password = *in.Password
	}
	if err := set.Validate(); err != nil {
		return View{}, err
	}
	next := stored{Host: set.Host, Port: set.Port, TLS: set.TLS, Username: set.Username, From: set.From, Password: old.Password}
	if in.Password != nil {
		next.Password = ""
		if *in.Password != "" {
			if next.Password, err = s.Box.Seal([]byte(*in.Password), passwordAAD); err != nil {
				return View{}, errs.Internal(err)
			}
		}
	}
	b, err := json.Marshal(next)
	if err != nil {
		return View{}, errs.Internal(err)
	}
	e := audit.NewEntry(ctx, "settings.email.update", "settings", SettingsKey, resName, audit.CategoryConfiguration, audit.SeverityHigh)
	e.Time = s.now()
	after := next.view().fields()
	if in.Password != nil {
		after["passwordChanged"] = true
	}
	e.Changes = &audit.Changes{After: after}
	if ok {
		e.Changes.Before = old.view().fields()
	}
	if err := s.Store.PutSetting(ctx, SettingsKey, b, e.ActorID, e); err != nil {
		return View{}, errs.Internal(err)
	}
	return next.view(), nil
}

// SendTest sends a test message to the given address with the saved
// settings. A failure is audited and returned as 502 email.send_failed with
// the server's answer.
func (s *Service) SendTest(ctx context.Context, to string) error {
	if err := s.authorize(ctx); err != nil {
		return err
	}
	to = strings.TrimSpace(to)
	if err := checkAddress(to); err != nil {
		return errs.Invalid("email.invalid", "Enter the address to send the test message to.", errs.Field("to", "Enter an email address.", to))
	}
	set, err := s.settings(ctx)
	if err != nil {
		return err
	}
	sendErr := s.Sender.Send(ctx, set, Message{
		To:      to,
		Subject: "Pagewright test message",
		Text:    "This is a test message from Pagewright. Your email settings work.\n",
	})
	e := audit.NewEntry(ctx, "settings.email.test", "settings", SettingsKey, resName, audit.CategoryConfiguration, audit.SeverityLow)
	e.Time = s.now()
	e.Changes = &audit.Changes{After: map[string]any{"to": to, "host": set.Host, "port": set.Port}}
	if sendErr != nil {
		e.Status, e.Error = audit.StatusFailure, truncate(sendErr.Error(), 1000)
	}
	if err := s.Store.Append(context.WithoutCancel(ctx), e); err != nil {
		return errs.Internal(err)
	}
	if sendErr != nil {
		return &errs.Error{Kind: errs.KindBadGateway, Code: "email.send_failed", Message: sendErr.Error(), Err: sendErr}
	}
	return nil
}

// Configured reports whether email settings have been saved. No access
// check: other services use it to decide whether to email or show a link.
func (s *Service) Configured(ctx context.Context) bool {
	_, ok, err := s.load(ctx)
	return err == nil && ok
}

// Send delivers m with the saved settings, for other services (invitations,
// password resets); there is no access check. It returns ErrNotConfigured
// before settings are saved, and otherwise the Sender's error, whose text
// is safe to show to an Admin.
func (s *Service) Send(ctx context.Context, m Message) error {
	set, err := s.settings(ctx)
	if err != nil {
		return err
	}
	return s.Sender.Send(ctx, set, m)
}

// settings loads the settings with the password opened.
func (s *Service) settings(ctx context.Context) (Settings, error) {
	st, ok, err := s.load(ctx)
	if err != nil {
		return Settings{}, errs.Internal(err)
	}
	if !ok {
		return Settings{}, ErrNotConfigured
	}
	set := Settings{Host: st.Host, Port: st.Port, TLS: st.TLS, Username: st.Username, From: st.From}
	if st.Password != "" {
		pw, err := s.Box.Open(st.Password, passwordAAD)
		if err != nil {
			return Settings{}, &errs.Error{Kind: errs.KindConflict, Code: "email.password_unreadable",
				Message: "The saved email password cannot be decrypted (was the secret key changed?). Enter the password again in the email settings.", Err: err}
		}
		set.Password = string(pw)
	}
	return set, nil
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now().UTC()
	}
	return s.Now().UTC()
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// Reseal seals the stored SMTP password with another key (the secret key
// rotation); it reports whether there was one.
func (s *Service) Reseal(ctx context.Context, to *secret.Box) (bool, error) {
	st, ok, err := s.load(ctx)
	if err != nil || !ok || st.Password == "" {
		return false, err
	}
	pw, err := s.Box.Open(st.Password, passwordAAD)
	if err != nil {
		return false, fmt.Errorf("the email password does not open with the current key: %w", err)
	}
	if st.Password, err = to.Seal(pw, passwordAAD); err != nil {
		return false, err
	}
	b, err := json.Marshal(st)
	if err != nil {
		return false, err
	}
	e := audit.NewEntry(ctx, "settings.email.reseal", "settings", SettingsKey, "Email", audit.CategorySecurity, audit.SeverityHigh)
	return true, s.Store.PutSetting(ctx, SettingsKey, b, e.ActorID, e)
}
