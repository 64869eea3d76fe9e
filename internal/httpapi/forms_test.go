package httpapi_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pagewright/pagewright/internal/apptest"
	"github.com/pagewright/pagewright/internal/config"
)

// formDoc is a page with a contact form: an email address (required), a
// message and a radio group.
func formDoc(title string) string {
	return `{"schemaVersion":1,"root":"root","meta":{"title":"` + title + `","lang":"en"},"nodes":{
		"root":{"id":"root","type":"Page"},
		"s":{"id":"s","type":"Section","parent":"root","pos":"a0"},
		"h":{"id":"h","type":"Heading","parent":"s","pos":"a0","props":{"text":"` + title + `","level":1}},
		"f":{"id":"f","type":"Form","parent":"s","pos":"a1","props":{"formId":"contact","label":"Contact the clinic"}},
		"email":{"id":"email","type":"TextInput","parent":"f","pos":"a0","props":{"label":"Email","name":"email","type":"email","required":true}},
		"msg":{"id":"msg","type":"Textarea","parent":"f","pos":"a1","props":{"label":"Message","name":"message"}},
		"visit":{"id":"visit","type":"RadioGroup","parent":"f","pos":"a2","props":{"label":"Visit","name":"visit",
			"options":[{"label":"In person","value":"in-person"},{"label":"Video call","value":"video"}]}},
		"go":{"id":"go","type":"SubmitButton","parent":"f","pos":"a3","props":{"text":"Send"}}}}`
}

type formSite struct {
	ID, Slug, Page string
	Deployment     deploymentBody
}

// deployFormSite makes a site whose home page has the contact form and
// deploys it to production.
func deployFormSite(t testing.TB, admin *apptest.Client, name string) formSite {
	t.Helper()
	var fs formSite
	var site struct{ ID, Slug string }
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": name}).Want(t, 201).JSON(t, &site)
	fs.ID, fs.Slug = site.ID, site.Slug
	var pg struct{ ID string }
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Home"}).Want(t, 201).JSON(t, &pg)
	fs.Page = pg.ID
	putDoc(t, admin, pg.ID, formDoc("Contact us"))
	fs.Deployment = deployTo(t, admin, site.ID, "production")
	return fs
}

// waitLive waits until the site server serves what a deployment that just
// succeeded made live (the routing table is swapped just after).
func waitLive(t testing.TB, url string, ok func(status int, body string) bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		res, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if ok(res.StatusCode, string(b)) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: still %d after 10 s", url, res.StatusCode)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func putDoc(t testing.TB, admin *apptest.Client, page, body string) {
	t.Helper()
	path := "/api/v1/pages/" + page + "/document"
	etag := admin.Do(t, "GET", path, nil).Want(t, 200).Header.Get("ETag")
	admin.Do(t, "PUT", path, json.RawMessage(body), "If-Match", etag).Want(t, 200)
}

func deployTo(t testing.TB, admin *apptest.Client, site, env string) deploymentBody {
	t.Helper()
	var d deploymentBody
	admin.Do(t, "POST", "/api/v1/sites/"+site+"/environments/"+env+"/deployments", nil).Want(t, 202).JSON(t, &d)
	deadline := time.Now().Add(60 * time.Second)
	for d.Status != "success" {
		if d.Status == "failed" || time.Now().After(deadline) {
			t.Fatalf("deployment %+v", d)
		}
		time.Sleep(50 * time.Millisecond)
		admin.Do(t, "GET", "/api/v1/deployments/"+d.ID, nil).Want(t, 200).JSON(t, &d)
	}
	return d
}

// poster posts forms as a browser on the given loopback address would
// (each address has its own rate limit), without following redirects.
type poster struct {
	base string
	http *http.Client
}

func newPoster(base, ip string) *poster {
	d := &net.Dialer{Timeout: 10 * time.Second, LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	return &poster{base: base, http: &http.Client{Timeout: 30 * time.Second,
		Transport:     &http.Transport{DialContext: d.DialContext},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

type postResult struct {
	status int
	header http.Header
	body   string
}

func (p *poster) do(t testing.TB, method, path, contentType string, body []byte, headers ...string) postResult {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, p.base+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := p.http.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return postResult{res.StatusCode, res.Header, string(b)}
}

func (p *poster) post(t testing.TB, path string, v url.Values, headers ...string) postResult {
	t.Helper()
	return p.do(t, "POST", path, "application/x-www-form-urlencoded", []byte(v.Encode()), headers...)
}

func (r postResult) want(t testing.TB, status int) postResult {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d: %s", r.status, status, r.body)
	}
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Referrer-Policy", "X-Frame-Options"} {
		if r.header.Get(h) == "" {
			t.Errorf("response %d has no %s", r.status, h)
		}
	}
	if csp := r.header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") {
		t.Errorf("CSP %q is not strict", csp)
	}
	return r
}

type submissionBody struct {
	ID          string            `json:"id"`
	Environment string            `json:"environment"`
	PagePath    string            `json:"pagePath"`
	Fields      []string          `json:"fields"`
	Data        map[string]string `json:"data"`
}

type formSummaryBody struct {
	FormID           string     `json:"formId"`
	Label            string     `json:"label"`
	Pages            []string   `json:"pages"`
	Submissions      int        `json:"submissions"`
	LastSubmissionAt *time.Time `json:"lastSubmissionAt"`
	Fields           []struct {
		Name, Label, Kind string
	} `json:"fields"`
	Settings struct {
		SuccessMessage string `json:"successMessage"`
		RedirectURL    string `json:"redirectUrl"`
	} `json:"settings"`
}

func storedCount(t testing.TB, env *apptest.Env) int {
	t.Helper()
	var n int
	if err := env.App.DB.R.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM form_submissions").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestFormsAPI deploys a page with a form, posts to it as visitors do
// (valid, invalid, oversized, with files, malformed, spam, too often, to
// unknown forms) and reads, exports and deletes the submissions through
// the API, with every read audited.
func TestFormsAPI(t *testing.T) {
	t.Parallel()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		formsFlow(t, apptest.New(t))
	})
	t.Run("postgres+redis", func(t *testing.T) {
		t.Parallel()
		formsFlow(t, apptest.New(t, apptest.WithDatabase(apptest.FreshPostgres(t)), withTestRedis(t)))
	})
}

// withTestRedis runs the instance with Redis (PAGEWRIGHT_TEST_REDIS_URL;
// required under CI=true), so the form rate limit is Redis's. Sign-ins
// share Redis with other runs there, so their limit is lifted.
func withTestRedis(t testing.TB) apptest.Option {
	u := os.Getenv("PAGEWRIGHT_TEST_REDIS_URL")
	if u == "" && os.Getenv("CI") == "true" {
		t.Fatal("PAGEWRIGHT_TEST_REDIS_URL must be set under CI=true")
	}
	return func(c *config.Config) {
		c.RedisURL = u
		c.LoginLimit = 1_000_000
	}
}

func formsFlow(t *testing.T, env *apptest.Env) {
	admin := env.Setup(t)
	fs := deployFormSite(t, admin, "Riverside Forms")
	base := "/s/" + fs.Slug + "/production"
	action := base + "/_forms/contact"
	waitLive(t, env.URL+base+"/", func(status int, _ string) bool { return status == 200 })
	_, page := get(t, env.URL+base+"/")
	if !strings.Contains(page, `action=_forms/contact`) && !strings.Contains(page, `action="_forms/contact"`) {
		t.Fatalf("published page has no relative form action: %s", page)
	}
	if !strings.Contains(page, `name=_hp_website`) && !strings.Contains(page, `name="_hp_website"`) {
		t.Fatalf("published page has no honeypot: %s", page)
	}
	v := newPoster(env.URL, "127.0.0.1")
	valid := url.Values{"email": {"ada@riverside.example"}, "message": {"My flu shot, please. =1+1"}, "visit": {"video"}, "_hp_website": {""}}

	// A valid post is stored sealed and answered with the thank-you page.
	res := v.post(t, action, valid, "Referer", env.URL+base+"/").want(t, http.StatusSeeOther)
	if loc := res.header.Get("Location"); loc != action+"/thanks" {
		t.Fatalf("Location %q, want %s/thanks", loc, action)
	}
	thanks := v.do(t, "GET", action+"/thanks", "", nil).want(t, 200)
	if !strings.Contains(thanks.body, "Thank you — we have received your message.") || !strings.Contains(thanks.body, `lang="en"`) {
		t.Fatalf("thank-you page: %s", thanks.body)
	}
	if n := storedCount(t, env); n != 1 {
		t.Fatalf("%d submissions stored, want 1", n)
	}
	var raw, ipHash, pagePath string
	if err := env.App.DB.R.QueryRowContext(context.Background(), "SELECT data, ip_hash, page_path FROM form_submissions").Scan(&raw, &ipHash, &pagePath); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(raw, "v1:") || strings.Contains(raw, "ada@") || strings.Contains(raw, "flu shot") || strings.Contains(ipHash, "127.0.0.1") || len(ipHash) != 64 {
		t.Fatalf("stored in the clear: data %q ip %q", raw, ipHash)
	}
	if pagePath != "/" {
		t.Errorf("page path %q, want / (from the Referer)", pagePath)
	}

	// Refusals store nothing.
	missing := url.Values{"message": {"no email"}}
	if r := v.post(t, action, missing).want(t, 422); !strings.Contains(r.body, "Email") || !strings.Contains(r.body, "Fill in this field") {
		t.Fatalf("422 page: %s", r.body)
	}
	bad := url.Values{"email": {"not-an-address"}, "visit": {"video"}}
	v.post(t, action, bad).want(t, 422)
	v.post(t, action, url.Values{"email": {"a@b.example"}, "visit": {"helicopter"}}).want(t, 422)
	big := url.Values{"email": {"ada@riverside.example"}, "message": {strings.Repeat("x", 70<<10)}}
	v.post(t, action, big).want(t, 413)
	var mp bytes.Buffer
	mw := multipart.NewWriter(&mp)
	_ = mw.WriteField("email", "ada@riverside.example")
	fw, _ := mw.CreateFormFile("scan", "scan.pdf")
	_, _ = fw.Write([]byte("%PDF-1.7"))
	_ = mw.Close()
	v.do(t, "POST", action, mw.FormDataContentType(), mp.Bytes()).want(t, 415)
	v.do(t, "POST", action, "application/json", []byte(`{"email":"a@b.example"}`)).want(t, 415)
	v.do(t, "POST", action, "application/x-www-form-urlencoded", []byte("email=%zz")).want(t, 400)
	if n := storedCount(t, env); n != 1 {
		t.Fatalf("%d submissions after refused posts, want 1", n)
	}

	// Multipart without files is fine.
	mp.Reset()
	mw = multipart.NewWriter(&mp)
	_ = mw.WriteField("email", "bea@riverside.example")
	_ = mw.WriteField("message", "Sent as multipart")
	_ = mw.Close()
	v.do(t, "POST", action, mw.FormDataContentType(), mp.Bytes()).want(t, 303)

	// The honeypot: answered as if accepted, nothing stored.
	spam := url.Values{"email": {"bot@spam.example"}, "_hp_website": {"http://spam.example"}}
	if r := newPoster(env.URL, "127.0.0.2").post(t, action, spam).want(t, 303); r.header.Get("Location") != action+"/thanks" {
		t.Fatalf("spam answered %v", r.header)
	}
	if n := storedCount(t, env); n != 2 {
		t.Fatalf("%d submissions after spam, want 2", n)
	}
	// Unknown forms, wrong methods, other sites' pages.
	w := newPoster(env.URL, "127.0.0.3")
	w.post(t, base+"/_forms/nope", valid).want(t, 404)
	w.post(t, base+"/_forms/bad%20id", valid).want(t, 404)
	w.post(t, "/s/"+fs.Slug+"/staging/_forms/contact", valid).want(t, 404)
	w.do(t, "GET", action, "", nil).want(t, 405)
	w.do(t, "GET", base+"/_forms/nope/thanks", "", nil).want(t, 404)
	w.post(t, action, valid, "Sec-Fetch-Site", "cross-site").want(t, 403)

	// Settings: a message, then a redirect within the site.
	settings := "/api/v1/sites/" + fs.ID + "/forms/contact"
	admin.Do(t, "PUT", settings, map[string]string{"successMessage": "We will call you back within a day."}).Want(t, 200)
	wantProblem(t, admin.Do(t, "PUT", settings, map[string]string{"redirectUrl": "//evil.example/"}), 422, "form.invalid_settings")
	wantProblem(t, admin.Do(t, "PUT", settings, map[string]string{"redirectUrl": "javascript:alert(1)"}), 422, "form.invalid_settings")
	wantProblem(t, admin.Do(t, "PUT", "/api/v1/sites/"+fs.ID+"/forms/nope", map[string]string{}), 404, "form.not_found")
	s := newPoster(env.URL, "127.0.0.4")
	s.post(t, action, valid).want(t, 303)
	if r := s.do(t, "GET", action+"/thanks", "", nil).want(t, 200); !strings.Contains(r.body, "We will call you back within a day.") {
		t.Fatalf("thank-you page after settings: %s", r.body)
	}
	admin.Do(t, "PUT", settings, map[string]string{"redirectUrl": "/thanks/"}).Want(t, 200)
	if r := s.post(t, action, valid).want(t, 303); r.header.Get("Location") != base+"/thanks/" {
		t.Fatalf("redirect to %q, want %s/thanks/", r.header.Get("Location"), base)
	}

	// The rate limit: ten in a minute from one address, then 429.
	limited := newPoster(env.URL, "127.0.0.5")
	got429 := false
	for range 11 {
		r := limited.post(t, action, url.Values{"email": {"x@y.example"}, "_hp_website": {"bot"}})
		if r.status == http.StatusTooManyRequests {
			got429 = true
			if !strings.Contains(r.body, "Please wait") {
				t.Errorf("429 page: %s", r.body)
			}
			break
		}
		r.want(t, 303)
	}
	if !got429 {
		t.Fatal("no 429 after 11 posts in a minute")
	}
	newPoster(env.URL, "127.0.0.6").post(t, action, valid).want(t, 303) // another address is not limited
	stored := storedCount(t, env)
	if stored != 5 {
		t.Fatalf("%d stored, want 5", stored)
	}
	var events int
	if err := env.App.DB.R.QueryRowContext(context.Background(), "SELECT COUNT(*) FROM river_job WHERE kind = 'form.submitted'").Scan(&events); err != nil {
		t.Fatal(err)
	}
	if events != stored {
		t.Fatalf("%d form.submitted events for %d submissions", events, stored)
	}

	// The admin: forms, submissions (opened), CSV, delete — all audited.
	var forms struct{ Items []formSummaryBody }
	admin.Do(t, "GET", "/api/v1/sites/"+fs.ID+"/forms", nil).Want(t, 200).JSON(t, &forms)
	if len(forms.Items) != 1 || forms.Items[0].FormID != "contact" || forms.Items[0].Submissions != 5 || forms.Items[0].LastSubmissionAt == nil ||
		len(forms.Items[0].Fields) != 3 || forms.Items[0].Fields[0].Name != "email" || forms.Items[0].Settings.RedirectURL != "/thanks/" ||
		forms.Items[0].Label != "Contact the clinic" {
		t.Fatalf("forms %+v", forms.Items)
	}
	var subs struct {
		Items      []submissionBody
		NextCursor string
	}
	subsPath := "/api/v1/sites/" + fs.ID + "/forms/contact/submissions"
	res2 := admin.Do(t, "GET", subsPath+"?limit=4", nil).Want(t, 200)
	if cc := res2.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
		t.Errorf("submissions Cache-Control %q", cc)
	}
	res2.JSON(t, &subs)
	keep := subs.Items[0].ID
	if len(subs.Items) != 4 || subs.NextCursor == "" || subs.Items[0].Data["email"] != "ada@riverside.example" || subs.Items[0].Environment != "production" {
		t.Fatalf("submissions %+v", subs)
	}
	first := subs.Items[len(subs.Items)-1]
	admin.Do(t, "GET", subsPath+"?cursor="+subs.NextCursor, nil).Want(t, 200).JSON(t, &subs)
	if len(subs.Items) != 1 || subs.Items[0].Data["message"] != "My flu shot, please. =1+1" || subs.Items[0].Data["visit"] != "video" {
		t.Fatalf("oldest submission %+v", subs.Items)
	}
	admin.Do(t, "GET", subsPath+"?environment=development", nil).Want(t, 200).JSON(t, &subs)
	if len(subs.Items) != 0 {
		t.Fatalf("development has %d submissions", len(subs.Items))
	}
	csvRes := admin.Do(t, "GET", subsPath+".csv", nil).Want(t, 200)
	if ct := csvRes.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") || !strings.Contains(csvRes.Header.Get("Content-Disposition"), "contact-submissions.csv") {
		t.Fatalf("csv headers %v", csvRes.Header)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(csvRes.Body, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 6 || strings.Join(rows[0], ",") != "submission_id,submitted_at,environment,page,email,message,visit" {
		t.Fatalf("csv rows %q", rows)
	}
	if got := rows[5][5]; got != "My flu shot, please. =1+1" {
		t.Fatalf("message cell %q", got)
	}
	admin.Do(t, "DELETE", subsPath+"/"+first.ID, nil).Want(t, 204)
	wantProblem(t, admin.Do(t, "DELETE", subsPath+"/"+first.ID, nil), 404, "submission.not_found")
	wantProblem(t, admin.Do(t, "DELETE", "/api/v1/sites/"+fs.ID+"/forms/other/submissions/"+keep, nil), 404, "submission.not_found")
	if n := storedCount(t, env); n != 4 {
		t.Fatalf("%d after a delete, want 4", n)
	}
	for _, action := range []string{"form.submissions.view", "form.submissions.export", "form.submission.delete", "form.settings.update"} {
		es := auditEntries(t, admin, url.Values{"action": {action}})
		if len(es) == 0 || es[0].Actor == nil || es[0].Actor.ID != admin.UserID {
			t.Errorf("no audit entry %s by the admin: %+v", action, es)
		}
	}
	// An Editor sees the forms but not what was sent.
	editor := env.CreateUser(t, "Eddie Editor", "editor")
	editor.Do(t, "GET", "/api/v1/sites/"+fs.ID+"/forms", nil).Want(t, 200)
	wantProblem(t, editor.Do(t, "GET", subsPath, nil), 403, "access.denied")
	wantProblem(t, editor.Do(t, "GET", subsPath+".csv", nil), 403, "access.denied")

	// Forms follow the deployment: a build without the form has none; a
	// rollback to the first brings it back.
	putDoc(t, admin, fs.Page, docJSON("No form now"))
	deployTo(t, admin, fs.ID, "production")
	waitLive(t, env.URL+base+"/", func(_ int, body string) bool { return strings.Contains(body, "No form now") })
	x := newPoster(env.URL, "127.0.0.7")
	x.post(t, action, valid).want(t, 404)
	admin.Do(t, "POST", "/api/v1/deployments/"+fs.Deployment.ID+"/rollback", nil).Want(t, 200)
	waitLive(t, env.URL+base+"/", func(_ int, body string) bool { return strings.Contains(body, "Contact us") })
	x.post(t, action, valid).want(t, 303)

	// A login environment's forms need a signed-in member.
	putDoc(t, admin, fs.Page, formDoc("Development"))
	deployTo(t, admin, fs.ID, "development")
	waitLive(t, env.URL+"/s/"+fs.Slug+"/development/", func(status int, _ string) bool { return status != 404 })
	devAction := "/s/" + fs.Slug + "/development/_forms/contact"
	if r := x.post(t, devAction, valid).want(t, 303); !strings.HasPrefix(r.header.Get("Location"), "/login?next=") {
		t.Fatalf("anonymous post to development went to %q", r.header.Get("Location"))
	}
	before := storedCount(t, env)
	x.post(t, devAction, valid, "Cookie", "pw_session="+sessionCookie(t, admin)).want(t, 303)
	if n := storedCount(t, env); n != before+1 {
		t.Fatalf("a member's post to development was not stored (%d → %d)", before, n)
	}
	admin.Do(t, "GET", subsPath+"?environment=development", nil).Want(t, 200).JSON(t, &subs)
	if len(subs.Items) != 1 || subs.Items[0].Environment != "development" {
		t.Fatalf("development submissions %+v", subs.Items)
	}
}

// ---------------------------------------------------------------------------
// The authorization matrix's request builders for the forms routes
// (authz_test.go holds their rows).

func init() {
	for id, b := range formRequests {
		requests[id] = b
	}
}

// sharedForms is one deployed form site per matrix world, with one
// submission, for the cases that only read.
var sharedForms sync.Map // *world → *sharedForm

type sharedForm struct {
	once sync.Once
	site formSite
}

func (w *world) formSite(t *testing.T) formSite {
	t.Helper()
	v, _ := sharedForms.LoadOrStore(w, &sharedForm{})
	sf := v.(*sharedForm)
	sf.once.Do(func() {
		sf.site = deployFormSite(t, w.admin, "Forms "+randHex(4))
		waitLive(t, w.env.URL+"/s/"+sf.site.Slug+"/production/", func(status int, _ string) bool { return status == 200 })
		newPoster(w.env.URL, "127.0.0.1").post(t, "/s/"+sf.site.Slug+"/production/_forms/contact",
			url.Values{"email": {"shared@riverside.example"}}).want(t, 303)
	})
	if sf.site.ID == "" {
		t.Fatal("the shared form site could not be made")
	}
	return sf.site
}

// submission posts one submission to the site's form and returns its id.
func (w *world) submission(t *testing.T, fs formSite) string {
	t.Helper()
	marker := "matrix " + randHex(6)
	newPoster(w.env.URL, "127.0.0.1").post(t, "/s/"+fs.Slug+"/production/_forms/contact",
		url.Values{"email": {"delete@riverside.example"}, "message": {marker}}).want(t, 303)
	var subs struct{ Items []submissionBody }
	w.admin.Do(t, "GET", "/api/v1/sites/"+fs.ID+"/forms/contact/submissions?limit=200", nil).Want(t, 200).JSON(t, &subs)
	for _, s := range subs.Items {
		if s.Data["message"] == marker {
			return s.ID
		}
	}
	t.Fatal("the posted submission is not listed")
	return ""
}

var formRequests = map[string]builder{
	"list-forms": func(t *testing.T, w *world, a *actor) call {
		return call{params: map[string]string{"site": w.shared.site}}
	},
	"put-form-settings": func(t *testing.T, w *world, a *actor) call {
		fs := deployFormSite(t, w.admin, "Settings "+randHex(4))
		waitLive(t, w.env.URL+"/s/"+fs.Slug+"/production/", func(status int, _ string) bool { return status == 200 })
		return call{params: map[string]string{"site": fs.ID, "form": "contact"}, body: map[string]string{"successMessage": "Set by " + a.name},
			state: func() []byte { return w.read(t, "/api/v1/sites/"+fs.ID+"/forms", false) }}
	},
	"list-form-submissions": func(t *testing.T, w *world, a *actor) call {
		fs := w.formSite(t)
		return call{params: map[string]string{"site": fs.ID, "form": "contact"}, after: func(t *testing.T, res *apptest.Response) {
			if !bytes.Contains(res.Body, []byte("shared@riverside.example")) {
				t.Errorf("submissions: %s", res.Body)
			}
		}}
	},
	"export-form-submissions": func(t *testing.T, w *world, a *actor) call {
		fs := w.formSite(t)
		return call{params: map[string]string{"site": fs.ID, "form": "contact"}, after: func(t *testing.T, res *apptest.Response) {
			if !bytes.Contains(res.Body, []byte("shared@riverside.example")) {
				t.Errorf("csv: %s", res.Body)
			}
		}}
	},
	"delete-form-submission": func(t *testing.T, w *world, a *actor) call {
		fs := w.formSite(t)
		id := w.submission(t, fs)
		listed := func() []byte {
			body := w.admin.Do(t, "GET", "/api/v1/sites/"+fs.ID+"/forms/contact/submissions?limit=200", nil).Want(t, 200).Body
			return []byte(strings.Repeat("listed", bytes.Count(body, []byte(id))))
		}
		return call{params: map[string]string{"site": fs.ID, "form": "contact", "submission": id}, state: listed,
			after: func(t *testing.T, _ *apptest.Response) {
				if len(listed()) != 0 {
					t.Error("the deleted submission is still listed")
				}
			}}
	},
}
