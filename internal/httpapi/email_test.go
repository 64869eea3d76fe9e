package httpapi_test

import (
	"net"
	"regexp"
	"strings"
	"testing"
	"time"

	smtpmock "github.com/mocktools/go-smtp-mock/v2"

	"github.com/pagewright/pagewright/internal/apptest"
)

// TestInvitationEmail configures a real SMTP server through the API, invites
// a member, reads the link out of the delivered email and joins with it.
func TestInvitationEmail(t *testing.T) {
	srv := smtpmock.New(smtpmock.ConfigurationAttr{HostAddress: "127.0.0.1", MultipleMessageReceiving: true})
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Stop() })
	env := apptest.New(t)
	admin := env.Setup(t)

	admin.Do(t, "PUT", "/api/v1/settings/email", map[string]any{
		"host": "127.0.0.1", "port": srv.PortNumber(), "tls": "none", "from": "Pagewright <noreply@riverside.example>",
	}).Want(t, 200)
	res := admin.Do(t, "POST", "/api/v1/settings/email/test", map[string]string{"to": "maya@riverside.example"}).Want(t, 200)
	if !strings.Contains(string(res.Body), `"sent":true`) {
		t.Fatalf("test email: %s", res.Body)
	}

	var inv struct {
		Invitation struct {
			ID          string `json:"id"`
			EmailStatus string `json:"emailStatus"`
		} `json:"invitation"`
		Link string `json:"link"`
	}
	admin.Do(t, "POST", "/api/v1/invitations", map[string]any{"email": "sam@riverside.example", "role": "editor"}).Want(t, 201).JSON(t, &inv)
	if inv.Invitation.EmailStatus != "sent" {
		t.Fatalf("emailStatus = %q, want sent", inv.Invitation.EmailStatus)
	}
	var msg string
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) && msg == "" {
		for _, m := range srv.Messages() {
			if body := m.MsgRequest(); strings.Contains(body, "invited you") {
				msg = body
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	if msg == "" {
		t.Fatal("no invitation email arrived")
	}
	msg = strings.ReplaceAll(msg, "=\r\n", "") // quoted-printable soft line breaks
	for _, want := range []string{"To: <sam@riverside.example>", "Subject: You're invited to Riverside Clinics on Pagewright", "Maya Admin has invited you", "as Editor"} {
		if !strings.Contains(msg, want) {
			t.Errorf("email lacks %q:\n%s", want, msg)
		}
	}
	// The email carries the same link the Admin was given.
	link := regexp.MustCompile(`https?://\S+/invite/[A-Za-z0-9_=-]+`).FindString(msg)
	if link == "" || link != inv.Link {
		t.Fatalf("link in email %q, API gave %q", link, inv.Link)
	}
	token := link[strings.LastIndex(link, "/")+1:]
	sam := env.Anonymous()
	sam.Do(t, "POST", "/api/v1/invitations/accept", map[string]string{"token": token, "name": "Sam Editor", "password": "a long enough passphrase"}).Want(t, 201)
}

// TestInvitationEmailFailure: a refusing SMTP server does not lose the
// invitation; it is listed with the failure so the Admin can resend it.
func TestInvitationEmailFailure(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close() // nothing listens there now: connections are refused

	env := apptest.New(t)
	admin := env.Setup(t)
	admin.Do(t, "PUT", "/api/v1/settings/email", map[string]any{
		"host": "127.0.0.1", "port": port, "tls": "none", "from": "noreply@riverside.example",
	}).Want(t, 200)
	wantProblem(t, admin.Do(t, "POST", "/api/v1/settings/email/test", map[string]string{"to": "maya@riverside.example"}), 502, "email.send_failed")

	var inv struct {
		Invitation struct {
			ID          string `json:"id"`
			EmailStatus string `json:"emailStatus"`
			EmailError  string `json:"emailError"`
		} `json:"invitation"`
		Link string `json:"link"`
	}
	admin.Do(t, "POST", "/api/v1/invitations", map[string]any{"email": "priya@riverside.example", "role": "viewer"}).Want(t, 201).JSON(t, &inv)
	if inv.Invitation.EmailStatus != "failed" || !strings.Contains(inv.Invitation.EmailError, "refused") || inv.Link == "" {
		t.Fatalf("invitation = %+v", inv)
	}
	list := admin.Do(t, "GET", "/api/v1/invitations?status=pending", nil).Want(t, 200)
	if !strings.Contains(string(list.Body), `"emailStatus":"failed"`) {
		t.Fatalf("pending list: %s", list.Body)
	}
	// Resending gives a new link; the old one stops working.
	var again struct {
		Link string `json:"link"`
	}
	admin.Do(t, "POST", "/api/v1/invitations/"+inv.Invitation.ID+"/resend", nil).Want(t, 200).JSON(t, &again)
	if again.Link == inv.Link {
		t.Fatal("resend kept the old link")
	}
	old := inv.Link[strings.LastIndex(inv.Link, "/")+1:]
	wantProblem(t, env.Anonymous().Do(t, "GET", "/api/v1/invitations/accept?token="+old, nil), 410, "invitation.invalid")
}

// TestPasswordResetEmail: the reset link arrives by email, works once, and
// ends the member's sessions.
func TestPasswordResetEmail(t *testing.T) {
	srv := smtpmock.New(smtpmock.ConfigurationAttr{HostAddress: "127.0.0.1", MultipleMessageReceiving: true})
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Stop() })
	env := apptest.New(t)
	admin := env.Setup(t)
	admin.Do(t, "PUT", "/api/v1/settings/email", map[string]any{
		"host": "127.0.0.1", "port": srv.PortNumber(), "tls": "none", "from": "noreply@riverside.example",
	}).Want(t, 200)

	anon := env.Anonymous()
	anon.Do(t, "POST", "/api/v1/auth/password-reset", map[string]string{"email": "Maya@Riverside.example"}).Want(t, 202)
	var msg string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline) && msg == ""; time.Sleep(20 * time.Millisecond) {
		for _, m := range srv.Messages() {
			if body := m.MsgRequest(); strings.Contains(body, "reset your Pagewright password") {
				msg = strings.ReplaceAll(body, "=\r\n", "")
			}
		}
	}
	if msg == "" || !strings.Contains(msg, "To: <maya@riverside.example>") {
		t.Fatalf("no reset email to maya:\n%s", msg)
	}
	link := regexp.MustCompile(`/reset-password/([A-Za-z0-9_-]+)`).FindStringSubmatch(msg)
	if link == nil {
		t.Fatalf("no reset link in:\n%s", msg)
	}
	anon.Do(t, "POST", "/api/v1/auth/password-reset/confirm", map[string]string{"token": link[1], "password": "a brand new passphrase"}).Want(t, 204)
	wantProblem(t, admin.Do(t, "GET", "/api/v1/auth/me", nil), 401, "auth.unauthenticated")
	wantProblem(t, anon.Do(t, "POST", "/api/v1/auth/password-reset/confirm", map[string]string{"token": link[1], "password": "another new passphrase"}), 410, "reset.invalid")
	env.Login(t, "maya@riverside.example", "a brand new passphrase")
}
