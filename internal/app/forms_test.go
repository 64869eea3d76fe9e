package app_test

import (
	"bytes"
	"crypto/rand"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/pagewright/pagewright/internal/apptest"
	"github.com/pagewright/pagewright/internal/form"
	"github.com/pagewright/pagewright/internal/secret"
	"github.com/pagewright/pagewright/internal/sqlstore"
)

// TestRotateFormSubmissions re-seals stored submissions with a new key: they
// open with it afterwards, and no longer with the old one.
func TestRotateFormSubmissions(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := env.Setup(t)
	var site struct{ ID string }
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Rotated"}).Want(t, 201).JSON(t, &site)
	from, err := secret.New(env.App.SecretKey)
	if err != nil {
		t.Fatal(err)
	}
	key := make([]byte, 32)
	_, _ = rand.Read(key)
	to, _ := secret.New(key)

	store := sqlstore.Forms{DB: env.App.DB}
	id := "0190f000-0000-7000-8000-000000000001"
	sealed, err := from.Seal([]byte(`{"fields":["email"],"values":{"email":"ada@example.org"}}`), form.AAD(id))
	if err != nil {
		t.Fatal(err)
	}
	if err := store.CreateSubmission(t.Context(), form.Record{ID: id, SiteID: site.ID, EnvironmentID: "e", FormID: "contact",
		DeploymentID: "d", Sealed: sealed, CreatedAt: time.Now()}); err != nil {
		t.Fatal(err)
	}
	n, err := env.App.RotateFormSubmissions(t.Context(), from, to)
	if err != nil || n != 1 {
		t.Fatalf("rotate: %d %v", n, err)
	}
	r, err := store.GetSubmission(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	sub, err := (&form.Service{Box: to}).Open(r)
	if err != nil || sub.Data["email"] != "ada@example.org" {
		t.Fatalf("open with the new key: %+v %v", sub, err)
	}
	if _, err := (&form.Service{Box: from}).Open(r); err == nil {
		t.Fatal("the old key still opens the submission")
	}
}

// TestFormPathsOutsideSites: /_forms/ on the app's own host is the app's
// (a 404 from the web app's router, not the form handler), and a form post
// under /s/ for an unknown site is the form handler's 404 page.
func TestFormPathsOutsideSites(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodPost, "/_forms/contact", strings.NewReader(url.Values{"a": {"b"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	env.App.Handler.ServeHTTP(rec, req)
	if bytes.Contains(rec.Body.Bytes(), []byte("This form is not available")) {
		t.Fatalf("the app's own host answered with a form page: %d %s", rec.Code, rec.Body)
	}
	rec = httptest.NewRecorder()
	req = httptest.NewRequest(http.MethodPost, "/s/nope/production/_forms/contact", strings.NewReader("a=b"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	env.App.Handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotFound || !bytes.Contains(rec.Body.Bytes(), []byte("This form is not available")) ||
		rec.Header().Get("X-Content-Type-Options") != "nosniff" {
		t.Fatalf("unknown site: %d %v %s", rec.Code, rec.Header(), rec.Body)
	}
}
