package siteserver

import (
	"crypto/sha256"
	"encoding/base64"
	"html"
	"net/http"
	"strconv"
)

// The built-in pages answer when there is no site page to show: errors,
// unknown environments, access denied. They are plain, self-contained and
// allowed nothing but their own inline style.
const pageStyle = `body{font:1rem/1.5 system-ui,sans-serif;margin:0;color:#1b1b1f;background:#f7f7f8}` +
	`main{max-width:32rem;margin:15vh auto;padding:0 1.5rem}h1{font-size:1.5rem;margin:0 0 .5rem}` +
	`a{color:#2547d0}@media (prefers-color-scheme:dark){body{color:#ececf0;background:#161618}a{color:#9db1ff}}`

var hvBuiltinCSP = []string{"default-src 'none'; style-src '" + styleHash() + "'; base-uri 'none'; " +
	"form-action 'none'; frame-ancestors 'self'"}

func styleHash() string {
	sum := sha256.Sum256([]byte(pageStyle))
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

// builtinPage is the HTML of a built-in page; extra is trusted HTML.
func builtinPage(title, text, extra string) []byte {
	return []byte(`<!doctype html><html lang="en"><head><meta charset="utf-8">` +
		`<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">` +
		`<title>` + html.EscapeString(title) + `</title><style>` + pageStyle + `</style></head><body><main><h1>` +
		html.EscapeString(title) + `</h1><p>` + html.EscapeString(text) + `</p>` + extra + "</main></body></html>\n")
}

type cannedPage struct {
	body   []byte
	length []string
}

var canned = func() map[int]cannedPage {
	texts := map[int][2]string{
		http.StatusNotFound:              {"Page not found", "There is nothing at this address."},
		http.StatusBadRequest:            {"Bad request", "This request could not be understood."},
		http.StatusRequestEntityTooLarge: {"Too large", "What was sent is larger than this site accepts."},
		http.StatusMethodNotAllowed:      {"Method not allowed", "This address can only be read."},
		http.StatusForbidden:             {"No access", "You don't have access to this environment."},
		http.StatusInternalServerError:   {"Something went wrong", "This page could not be served. The problem has been logged."},
		http.StatusBadGateway:            {"Temporarily unavailable", "This page could not be loaded from storage. Please try again in a moment."},
		http.StatusServiceUnavailable:    {"Temporarily unavailable", "This site cannot be reached right now. Please try again in a moment."},
	}
	out := make(map[int]cannedPage, len(texts))
	for code, t := range texts {
		b := builtinPage(t[0], t[1], "")
		out[code] = cannedPage{body: b, length: []string{strconv.Itoa(len(b))}}
	}
	return out
}()

// plain answers with a built-in page. live is nil outside any
// environment.
func (s *Server) plain(w http.ResponseWriter, r *http.Request, live *Live, status int) {
	p, ok := canned[status]
	if !ok {
		p = canned[http.StatusInternalServerError]
	}
	s.writeBuiltin(w, r, live, status, p.body, p.length)
}

// forbidden answers 403 with a way to sign in as someone else.
func (s *Server) forbidden(w http.ResponseWriter, r *http.Request, live *Live, onHost bool) {
	extra := ""
	switch {
	case s.Viewer != nil && onHost && s.HostLoginURL == "":
		// Without the app's public URL (--base-url) there is no way to
		// sign in on a site's own domain.
		extra = `<p>Open this environment under /s/ on Pagewright's own address and sign in there.</p>`
	case s.Viewer != nil:
		extra = `<p><a href="` + html.EscapeString(s.loginTarget(r, onHost)) + `">Sign in as someone else</a></p>`
	}
	b := builtinPage("No access", "You don't have access to this environment.", extra)
	s.writeBuiltin(w, r, live, http.StatusForbidden, b, []string{strconv.Itoa(len(b))})
}

func (s *Server) writeBuiltin(w http.ResponseWriter, r *http.Request, live *Live, status int, body []byte, length []string) {
	h := w.Header()
	// Whatever a failed attempt set before must not describe this page.
	delete(h, "Etag")
	delete(h, "Vary")
	delete(h, "Content-Encoding")
	h["Cache-Control"] = []string{"no-store"}
	setSecurity(h, r, live, hvBuiltinCSP)
	h["Content-Type"] = hvHTML
	h["Content-Length"] = length
	if status == http.StatusServiceUnavailable {
		h["Retry-After"] = hvRetry
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// Message answers with a built-in page in the look of the site server's
// own error pages, for the app's pages on a site's domain (the sign-in
// hand-off). title and text are plain text; when href is not empty a link
// labelled label follows the text.
func (s *Server) Message(w http.ResponseWriter, r *http.Request, status int, title, text, href, label string) {
	s.init()
	extra := ""
	if href != "" {
		extra = `<p><a href="` + html.EscapeString(href) + `">` + html.EscapeString(label) + `</a></p>`
	}
	b := builtinPage(title, text, extra)
	s.writeBuiltin(w, r, nil, status, b, []string{strconv.Itoa(len(b))})
}
