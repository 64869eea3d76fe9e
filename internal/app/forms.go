package app

// Forms on published sites: the build hook that stores each artifact's
// form definitions, and the handler for visitors' posts to
// /s/{site}/{env}/_forms/{formId} (or /_forms/{formId} on an attached
// domain) and the thank-you page after them. The site server proper only
// serves GET and HEAD from manifests; sites() sends these paths here.

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/pagewright/pagewright/internal/deploy"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/form"
	"github.com/pagewright/pagewright/internal/ratelimit"
	"github.com/pagewright/pagewright/internal/secret"
	"github.com/pagewright/pagewright/internal/siteserver"
	"github.com/pagewright/pagewright/internal/sqlstore"
)

// Form post limits per visitor address and form: bursts of up to ten a
// minute, five a minute sustained (fifty in ten minutes).
const (
	formBurst       = 10
	formBurstWindow = time.Minute
	formSustained   = 50
	formSustainedIn = 10 * time.Minute
)

// formPostsTotal counts form posts by what became of them; stored
// submissions and caught spam are counted here rather than audited
// (visitors are not actors).
var formPostsTotal = prometheus.NewCounterVec(prometheus.CounterOpts{
	Name: "pagewright_form_posts_total",
	Help: "Form posts to published sites, by outcome.",
}, []string{"outcome"})

// formCollectors are the form metrics, registered by the app.
var formCollectors = []prometheus.Collector{formPostsTotal}

// limiter is ratelimit.Memory or ratelimit.Redis.
type limiter interface {
	Allow(ctx context.Context, key string) (bool, time.Duration, error)
}

// formPosts serves form posts and thank-you pages.
type formPosts struct {
	svc    *form.Service
	live   *liveTable
	viewer siteserver.Viewer
	// signIn is the site server's: where a visitor signs in, and comes
	// back to next.
	signIn func(r *http.Request, onHost bool, next string) (string, bool)
	limits []limiter
	cop    *http.CrossOriginProtection
	log    *slog.Logger
	deps   sqlstore.Deployments
	envOf  sync.Map // deployment id → environment id (never changes)
}

// setupForms makes the form service and the handler of form posts.
func (a *App) setupForms(box *secret.Box) {
	mac := hmac.New(sha256.New, a.SecretKey)
	mac.Write([]byte("pagewright form ip salt"))
	a.Forms = &form.Service{Store: sqlstore.Forms{DB: a.DB}, Sites: sqlstore.Sites{DB: a.DB}, Auth: a.Users.Auth, Box: box,
		IPSalt: mac.Sum(nil), Now: time.Now}
	var limits []limiter
	if a.Redis != nil {
		limits = []limiter{
			&ratelimit.Redis{Client: a.Redis, Limit: formBurst, Window: formBurstWindow, Prefix: "pagewright:forms:burst:"},
			&ratelimit.Redis{Client: a.Redis, Limit: formSustained, Window: formSustainedIn, Prefix: "pagewright:forms:sustained:"},
		}
	} else {
		limits = []limiter{ratelimit.NewMemory(formBurst, formBurstWindow), ratelimit.NewMemory(formSustained, formSustainedIn)}
	}
	a.formPosts = &formPosts{svc: a.Forms, live: a.live, viewer: sessionViewer{a.Users}, signIn: a.SiteServer.SignInURL,
		limits: limits, cop: http.NewCrossOriginProtection(), log: a.Log.With("component", "forms"), deps: sqlstore.Deployments{DB: a.DB}}
}

// RotateFormSubmissions re-seals every stored form submission, opened with
// from, with to, in one transaction (part of a key rotation).
func (a *App) RotateFormSubmissions(ctx context.Context, from, to *secret.Box) (int, error) {
	return sqlstore.Forms{DB: a.DB}.ResealSubmissions(ctx, func(r form.Record) (string, error) { return form.Reseal(r, from, to) })
}

// saveForms stores the forms of a build's pages for its artifact, so that
// posts to an environment are checked against the forms it serves. A build
// to a folder (noPin) publishes nothing and stores nothing.
func (b *builder) saveForms(ctx context.Context, env deploy.Env, artifact string, docs []sqlstore.PageDocument, paths map[string]string, log func(string)) error {
	if b.noPin {
		return nil
	}
	pages := make(map[string][]byte, len(docs))
	for _, d := range docs {
		pages[paths[d.ID]] = d.JSON
	}
	svc := &form.Service{Store: sqlstore.Forms{DB: b.pages.DB}, Now: time.Now}
	warnings, err := svc.SaveBuild(ctx, env.SiteID, artifact, pages)
	if err != nil {
		return fmt.Errorf("forms: %w", err)
	}
	for _, w := range warnings {
		log(w)
	}
	return nil
}

// formRequest is a request for a form path, resolved.
type formRequest struct {
	live   siteserver.Live
	base   string // where the environment is mounted: "/s/site/env", or "" on a domain
	formID string
	thanks bool // the thank-you page rather than the post
}

// serve handles the request and reports true when it is for a form path
// of a live environment (or under /s/ at all); otherwise it writes nothing.
func (h *formPosts) serve(w http.ResponseWriter, r *http.Request) bool {
	fr, ok := h.resolve(r)
	if !ok {
		return false
	}
	if fr == nil {
		h.page(w, r, http.StatusNotFound, pageNotFound, nil)
		return true
	}
	if !h.admit(w, r, fr) {
		return true
	}
	switch {
	case fr.thanks && (r.Method == http.MethodGet || r.Method == http.MethodHead):
		h.thanks(w, r, fr)
	case !fr.thanks && r.Method == http.MethodPost:
		h.post(w, r, fr)
	default:
		if fr.thanks {
			w.Header().Set("Allow", "GET, HEAD")
		} else {
			w.Header().Set("Allow", "POST")
		}
		h.page(w, r, http.StatusMethodNotAllowed, pageNotAllowed, nil)
	}
	return true
}

// resolve finds the environment and form a request is for. ok is false
// when the path is not a form path (the request is someone else's); fr is
// nil when it is one but names nothing live (404).
func (h *formPosts) resolve(r *http.Request) (fr *formRequest, ok bool) {
	p := r.URL.Path
	var rest string
	fr = &formRequest{}
	if after, isSite := strings.CutPrefix(p, "/s/"); isSite {
		site, tail, _ := strings.Cut(after, "/")
		env, tail, _ := strings.Cut(tail, "/")
		if rest, ok = strings.CutPrefix(tail, "_forms/"); !ok {
			return nil, false
		}
		live, found, err := h.live.ByPrefix(r.Context(), site, env)
		if err != nil || !found {
			return nil, true
		}
		fr.live, fr.base = live, "/s/"+site+"/"+env
	} else {
		if rest, ok = strings.CutPrefix(p, "/_forms/"); !ok {
			return nil, false
		}
		live, found, err := h.live.ByHost(r.Context(), hostOf(r.Host))
		if err != nil || !found {
			return nil, false // not a site's domain: the app's own 404
		}
		fr.live = live
	}
	fr.formID, rest, _ = strings.Cut(rest, "/")
	switch rest {
	case "":
	case "thanks":
		fr.thanks = true
	default:
		return nil, true
	}
	if !validFormID(fr.formID) {
		return nil, true
	}
	return fr, true
}

// validFormID is the component's rule for a form id: letters, digits, _ and -.
func validFormID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// hostOf is the request's host, lower-case, without port or trailing dot.
func hostOf(h string) string {
	if host, _, err := net.SplitHostPort(h); err == nil {
		h = host
	}
	return strings.ToLower(strings.TrimSuffix(h, "."))
}

// admit applies the environment's access rules, as the site server does
// for its pages: a visitor who is not signed in goes to the sign-in page.
func (h *formPosts) admit(w http.ResponseWriter, r *http.Request, fr *formRequest) bool {
	switch fr.live.Access.Mode {
	case siteserver.AccessPublic:
		return true
	case siteserver.AccessLogin, siteserver.AccessRoles:
		role, signedIn := h.viewer.Role(r)
		if !signedIn {
			next := r.URL.RequestURI()
			if r.Method != http.MethodGet && r.Method != http.MethodHead {
				next = fr.base + "/"
			}
			target, ok := h.signIn(r, fr.base == "", next)
			if !ok {
				break // on a domain with no way to sign in: 403
			}
			setFormHeaders(w.Header(), r)
			http.Redirect(w, r, target, http.StatusSeeOther)
			return false
		}
		if fr.live.Access.Mode == siteserver.AccessLogin || slices.Contains(fr.live.Access.Roles, role) {
			return true
		}
	}
	h.page(w, r, http.StatusForbidden, pageForbidden, nil)
	return false
}

// post handles a visitor's post: cheap refusals first, then the body,
// then the form's rules. Every refusal stores nothing.
func (h *formPosts) post(w http.ResponseWriter, r *http.Request, fr *formRequest) {
	ctx := r.Context()
	if err := h.cop.Check(r); err != nil {
		h.refuse(w, r, "cross_origin", http.StatusForbidden, pageCrossOrigin, nil)
		return
	}
	ip := clientAddr(r)
	if !h.allow(ctx, fr.live.SiteID+"/"+fr.formID+"/"+h.svc.HashIP(ip)) {
		h.refuse(w, r, "rate_limited", http.StatusTooManyRequests, pageTooMany, nil)
		return
	}
	ct := r.Header.Get("Content-Type")
	if mt, _, err := mime.ParseMediaType(ct); err != nil || (mt != "application/x-www-form-urlencoded" && mt != "multipart/form-data") {
		h.refuse(w, r, "unsupported", http.StatusUnsupportedMediaType, pageUnsupported, nil)
		return
	}
	if r.ContentLength > form.MaxBodyBytes {
		h.refuse(w, r, "too_large", http.StatusRequestEntityTooLarge, pageTooLarge, nil)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, form.MaxBodyBytes))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		h.refuse(w, r, "too_large", http.StatusRequestEntityTooLarge, pageTooLarge, nil)
		return
	case err != nil:
		h.refuse(w, r, "malformed", http.StatusBadRequest, pageMalformed, nil)
		return
	}
	values, err := form.ParseBody(ct, body)
	if err != nil {
		if errs.Is(err, errs.KindUnsupportedMediaType) {
			h.refuse(w, r, "unsupported", http.StatusUnsupportedMediaType, pageUnsupported, map[string]any{"Message": errs.As(err).Message})
			return
		}
		h.refuse(w, r, "malformed", http.StatusBadRequest, pageMalformed, nil)
		return
	}
	page := refererPage(r, fr.base)
	envID, err := h.environmentOf(ctx, fr.live.DeploymentID)
	var out form.Outcome
	if err == nil {
		out, err = h.svc.Submit(ctx, form.Post{SiteID: fr.live.SiteID, EnvironmentID: envID, DeploymentID: fr.live.DeploymentID,
			FormID: fr.formID, PagePath: page, Values: values, IP: ip, UserAgent: r.UserAgent()})
	}
	switch {
	case errs.Is(err, errs.KindNotFound):
		h.refuse(w, r, "unknown_form", http.StatusNotFound, pageNotFound, nil)
	case err != nil:
		h.log.ErrorContext(ctx, "store a form submission", "site", fr.live.SiteSlug, "env", fr.live.Env, "form", fr.formID, "err", err)
		h.refuse(w, r, "error", http.StatusInternalServerError, pageError, nil)
	case len(out.Problems) > 0:
		back := fr.base + "/"
		if out.PagePath != "" {
			back = fr.base + out.PagePath
		}
		h.refuse(w, r, "invalid", http.StatusUnprocessableEntity, pageInvalid, map[string]any{"Problems": out.Problems, "Back": back})
	default:
		outcome := "stored"
		if out.Spam {
			outcome = "spam"
		}
		formPostsTotal.WithLabelValues(outcome).Inc()
		setFormHeaders(w.Header(), r)
		http.Redirect(w, r, successTarget(fr, out.Settings), http.StatusSeeOther)
	}
}

// environmentOf is the environment a deployment belongs to.
func (h *formPosts) environmentOf(ctx context.Context, deploymentID string) (string, error) {
	if id, ok := h.envOf.Load(deploymentID); ok {
		return id.(string), nil
	}
	d, err := h.deps.GetDeployment(ctx, deploymentID)
	if err != nil {
		return "", err
	}
	h.envOf.Store(deploymentID, d.EnvironmentID)
	return d.EnvironmentID, nil
}

// allow counts the post against every limit; a limiter that fails lets
// the post through (forms stay up when Redis does not).
func (h *formPosts) allow(ctx context.Context, key string) bool {
	ok := true
	for _, l := range h.limits {
		allowed, _, err := l.Allow(ctx, key)
		if err != nil {
			h.log.WarnContext(ctx, "form rate limit unavailable", "err", err)
			continue
		}
		ok = ok && allowed
	}
	return ok
}

// successTarget is where a stored post sends the visitor: the form's
// redirect (a site path is resolved within the environment), else the
// thank-you page.
func successTarget(fr *formRequest, st form.Settings) string {
	switch {
	case st.RedirectURL != "" && strings.HasPrefix(st.RedirectURL, "/") && form.ValidRedirect(st.RedirectURL):
		return fr.base + st.RedirectURL
	case st.RedirectURL != "" && form.ValidRedirect(st.RedirectURL):
		return st.RedirectURL
	}
	return fr.base + "/_forms/" + fr.formID + "/thanks"
}

// thanks shows the form's success message.
func (h *formPosts) thanks(w http.ResponseWriter, r *http.Request, fr *formRequest) {
	st, err := h.svc.Thanks(r.Context(), fr.live.SiteID, fr.live.DeploymentID, fr.formID)
	switch {
	case errs.Is(err, errs.KindNotFound):
		h.page(w, r, http.StatusNotFound, pageNotFound, nil)
	case err != nil:
		h.log.ErrorContext(r.Context(), "thank-you page", "form", fr.formID, "err", err)
		h.page(w, r, http.StatusInternalServerError, pageError, nil)
	default:
		h.page(w, r, http.StatusOK, pageThanks, map[string]any{"Message": st.Message(), "Back": fr.base + "/"})
	}
}

func (h *formPosts) refuse(w http.ResponseWriter, r *http.Request, outcome string, status int, p formPage, data map[string]any) {
	formPostsTotal.WithLabelValues(outcome).Inc()
	h.page(w, r, status, p, data)
}

// clientAddr is the client's address: the peer's, or behind a trusted
// proxy the one it forwarded (see forwarded.Proxies.Handler).
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// refererPage is the path, within the environment, of the page the post
// came from according to its Referer (same host only), or "".
func refererPage(r *http.Request, base string) string {
	ref := r.Header.Get("Referer")
	if ref == "" {
		return ""
	}
	u, err := url.Parse(ref)
	if err != nil || (u.Host != "" && !strings.EqualFold(u.Host, r.Host)) {
		return ""
	}
	p, ok := strings.CutPrefix(u.Path, base)
	if !ok || !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.Contains(p, `\`) {
		return ""
	}
	if !strings.HasSuffix(p, "/") && !strings.Contains(p[strings.LastIndexByte(p, '/'):], ".") {
		p += "/"
	}
	return p
}

// ---------------------------------------------------------------------------
// Pages: small, accessible, script-free HTML with the site server's
// security headers and a strict CSP (the one inline style by its hash).

type formPage struct {
	title, heading, text string
}

var (
	pageThanks      = formPage{"Thank you", "Thank you", ""}
	pageInvalid     = formPage{"Please check the form", "Please check the form", "Nothing was sent. Please correct the following:"}
	pageNotFound    = formPage{"Form not found", "This form is not available", "The form you used does not exist here any more. Go back to the page and try again after reloading it."}
	pageNotAllowed  = formPage{"Not allowed", "This address only takes form posts", "Go back to the page and send the form from there."}
	pageForbidden   = formPage{"Not allowed", "You cannot send this form", "Your account does not have access to this site."}
	pageCrossOrigin = formPage{"Not allowed", "This form cannot be sent from another site", "Open the page on this site and send the form from there."}
	pageTooMany     = formPage{"Too many attempts", "Please wait a moment", "This form was sent many times from your network in a short time. Please wait a few minutes, then try again."}
	pageUnsupported = formPage{"Cannot be sent", "This form could not be sent", "The form was sent in a way this site does not accept."}
	pageTooLarge    = formPage{"Too long", "Your message is too long", "Nothing was sent. Please shorten your answers and try again."}
	pageMalformed   = formPage{"Cannot be read", "The form could not be read", "Nothing was sent. Go back to the page, reload it and try again."}
	pageError       = formPage{"Something went wrong", "Something went wrong", "Nothing was sent: we could not save your message just now. Please try again in a few minutes."}
)

const formPageCSS = `body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;line-height:1.5;color:#1f2328;background:#fff}` +
	`main{max-width:36rem;margin:3rem auto;padding:0 1.25rem}h1{font-size:1.75rem;line-height:1.25;margin:0 0 1rem}` +
	`ul{padding-left:1.25rem}li{margin:.25rem 0}a{color:#0a58ca}:focus-visible{outline:3px solid #0a58ca;outline-offset:2px}` +
	`@media (prefers-color-scheme:dark){body{color:#e6edf3;background:#0d1117}a{color:#6cb6ff}}`

var formPageCSP = func() string {
	sum := sha256.Sum256([]byte(formPageCSS))
	return "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'self'"
}()

var formPageTmpl = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{.Title}}</title>
<style>{{.CSS}}</style>
</head>
<body>
<main>
<h1>{{.Heading}}</h1>
{{with .Message}}<p>{{.}}</p>{{end}}
{{with .Text}}<p>{{.}}</p>{{end}}
{{with .Problems}}<ul>{{range .}}<li><strong>{{.Label}}</strong>: {{.Message}}</li>{{end}}</ul>
<p>Use your browser’s Back button to return to the form with your answers, or <a href="{{$.Back}}">open the page again</a>.</p>{{else}}{{with .Back}}<p><a href="{{.}}">Back to the site</a></p>{{end}}{{end}}
</main>
</body>
</html>
`))

type formPageData struct {
	Title, Heading, Text, Message, Back string
	CSS                                 template.CSS
	Problems                            []form.Problem
}

func (h *formPosts) page(w http.ResponseWriter, r *http.Request, status int, p formPage, data map[string]any) {
	d := formPageData{Title: p.title, Heading: p.heading, Text: p.text, CSS: template.CSS(formPageCSS)}
	if v, ok := data["Message"].(string); ok {
		d.Message = v
	}
	if v, ok := data["Back"].(string); ok {
		d.Back = v
	}
	if v, ok := data["Problems"].([]form.Problem); ok {
		d.Problems = v
	}
	var buf strings.Builder
	if err := formPageTmpl.Execute(&buf, d); err != nil {
		h.log.ErrorContext(r.Context(), "form page", "err", err)
	}
	hd := w.Header()
	setFormHeaders(hd, r)
	hd.Set("Content-Type", "text/html; charset=utf-8")
	hd.Set("Content-Length", fmt.Sprint(len(buf.String())))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		_, _ = io.WriteString(w, buf.String())
	}
}

// setFormHeaders sets the headers every form response carries: the site
// server's security headers, a strict CSP, and no caching anywhere.
func setFormHeaders(h http.Header, r *http.Request) {
	h.Set("Content-Security-Policy", formPageCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("X-Frame-Options", "SAMEORIGIN")
	h.Set("Permissions-Policy", "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()")
	h.Set("Cache-Control", "private, no-store")
	h.Set("X-Robots-Tag", "noindex")
	if r.TLS != nil {
		h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
	}
}
