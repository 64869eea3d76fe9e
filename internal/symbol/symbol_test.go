package symbol_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/guard"
	"github.com/pagewright/pagewright/internal/page"
	"github.com/pagewright/pagewright/internal/render"
	"github.com/pagewright/pagewright/internal/site"
	"github.com/pagewright/pagewright/internal/sqlstore"
	"github.com/pagewright/pagewright/internal/storetest"
	"github.com/pagewright/pagewright/internal/symbol"
	"github.com/pagewright/pagewright/internal/user"
)

func TestSemver(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"1.0.0", "0.0.1", "10.20.30", "999999.0.0"} {
		if v, ok := symbol.ParseSemver(s); !ok || v.String() != s {
			t.Errorf("ParseSemver(%q) = %v, %v", s, v, ok)
		}
	}
	for _, s := range []string{"", "1", "1.0", "v1.0.0", "1.0.0-beta", "01.0.0", "1.0.0.0", "1.-1.0", "1000000.0.0", "1..0", " 1.0.0"} {
		if _, ok := symbol.ParseSemver(s); ok {
			t.Errorf("ParseSemver(%q) accepted", s)
		}
	}
	v := func(s string) symbol.Semver { x, _ := symbol.ParseSemver(s); return x }
	if v("1.10.0").Compare(v("1.9.0")) <= 0 || v("2.0.0").Compare(v("1.99.99")) <= 0 || v("1.2.3").Compare(v("1.2.3")) != 0 {
		t.Error("versions compare as text")
	}
	if got := v("1.2.3").Next(symbol.BumpMajor).String() + " " + v("1.2.3").Next(symbol.BumpMinor).String() + " " + v("1.2.3").Next(symbol.BumpPatch).String(); got != "2.0.0 1.3.0 1.2.4" {
		t.Errorf("Next: %s", got)
	}
	ex := func(kv ...string) []symbol.Exposed {
		var out []symbol.Exposed
		for i := 0; i < len(kv); i += 2 {
			out = append(out, symbol.Exposed{Key: kv[i], Type: kv[i+1]})
		}
		return out
	}
	for _, c := range []struct {
		old, new []symbol.Exposed
		want     symbol.Bump
	}{
		{ex("title", "string"), ex("title", "string"), symbol.BumpPatch},
		{ex("title", "string"), ex("title", "string", "body", "string"), symbol.BumpMinor},
		{ex("title", "string", "body", "string"), ex("title", "string"), symbol.BumpMajor},
		{ex("title", "string"), ex("title", "integer"), symbol.BumpMajor},
		{ex("title", "string"), ex("body", "string"), symbol.BumpMajor},
		{nil, nil, symbol.BumpPatch},
	} {
		if got, _ := symbol.Diff(c.old, c.new); got != c.want {
			t.Errorf("Diff(%v, %v) = %v, want %v", c.old, c.new, got, c.want)
		}
	}
	for _, r := range []string{"0193a3f4-8a2b-7c3d-9e4f-0123456789ab@1.2.0"} {
		if _, _, ok := symbol.ParseRef(r); !ok {
			t.Errorf("ParseRef(%q) refused", r)
		}
	}
	for _, r := range []string{"", "abc@1.0.0", "0193a3f4-8a2b-7c3d-9e4f-0123456789ab", "0193a3f4-8a2b-7c3d-9e4f-0123456789AB@1.0.0", "0193a3f4-8a2b-7c3d-9e4f-0123456789ab@1.0"} {
		if _, _, ok := symbol.ParseRef(r); ok {
			t.Errorf("ParseRef(%q) accepted", r)
		}
	}
}

// env is a component service on a real SQLite database with one site, an
// Admin (Maya) and an Editor (Sam).
type env struct {
	t           *testing.T
	db          *sqlstore.DB
	svc         *symbol.Service
	site        string
	admin, sam  context.Context
	adminID     string
	samID       string
	savedMu     sync.Mutex
	saved       []string
	pages       sqlstore.Pages
	now         time.Time
	viewer      context.Context
	viewerID    string
	otherSiteID string
}

func newEnv(t *testing.T) *env {
	t.Helper()
	db := storetest.Open(t, "", t.TempDir())
	ctx := context.Background()
	e := &env{t: t, db: db, pages: sqlstore.Pages{DB: db}, now: time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)}
	users := sqlstore.Users{DB: db}
	org := user.Org{ID: newID(), Name: "Riverside Clinics", CreatedAt: e.now}
	mk := func(name string, role access.Role) user.User {
		return user.User{ID: newID(), OrgID: org.ID, Email: strings.ToLower(strings.Fields(name)[0]) + "@riverside.example", Name: name, Role: role,
			Status: user.StatusActive, PasswordHash: "x", CreatedAt: e.now}
	}
	admin, sam, vera := mk("Maya Admin", access.RoleAdmin), mk("Sam Editor", access.RoleEditor), mk("Vera Viewer", access.RoleViewer)
	sess := user.Session{IDHash: newID(), UserID: admin.ID, CSRFToken: "c", CreatedAt: e.now, LastSeenAt: e.now, ExpiresAt: e.now.Add(time.Hour)}
	must(t, users.Setup(ctx, org, admin, sess, audit.Entry{Action: "org.setup", Status: audit.StatusSuccess}))
	must(t, users.CreateUser(ctx, sam, audit.Entry{Action: "user.create", Status: audit.StatusSuccess}))
	must(t, users.CreateUser(ctx, vera, audit.Entry{Action: "user.create", Status: audit.StatusSuccess}))
	for i, name := range []string{"Clinic", "Other"} {
		s := site.Site{ID: newID(), Name: name, Slug: strings.ToLower(name), CreatedAt: e.now, UpdatedAt: e.now}
		must(t, sqlstore.Sites{DB: db}.CreateSite(ctx, s, audit.Entry{Action: "site.create", Status: audit.StatusSuccess}))
		if i == 0 {
			e.site = s.ID
		} else {
			e.otherSiteID = s.ID
		}
	}
	e.adminID, e.samID, e.viewerID = admin.ID, sam.ID, vera.ID
	e.admin = access.WithActor(ctx, &access.Actor{UserID: admin.ID, Name: admin.Name, Role: access.RoleAdmin})
	e.sam = access.WithActor(ctx, &access.Actor{UserID: sam.ID, Name: sam.Name, Role: access.RoleEditor})
	e.viewer = access.WithActor(ctx, &access.Actor{UserID: vera.ID, Name: vera.Name, Role: access.RoleViewer})
	e.svc = &symbol.Service{Store: sqlstore.Symbols{DB: db}, Sites: sqlstore.Sites{DB: db}, Auth: guard.Guard{Audit: db},
		Validate: validate, Now: func() time.Time { return e.now },
		Saved: func(_ context.Context, pageID string, _ []byte) {
			e.savedMu.Lock()
			defer e.savedMu.Unlock()
			e.saved = append(e.saved, pageID)
		}}
	return e
}

// validate is the page checks the app injects: structure, component
// types, props and nesting.
func validate(_ context.Context, _ string, b []byte) ([]byte, error) {
	d, out, err := doc.Parse(b)
	if err != nil {
		return nil, err
	}
	var fe []errs.FieldError
	for _, p := range render.CheckDocument(d, nil) {
		fe = append(fe, errs.FieldError{Location: "body." + p.Location, Message: p.Message})
	}
	if len(fe) > 0 {
		return nil, errs.Invalid("document.invalid", "The document has errors: "+fe[0].Location+" "+fe[0].Message+".", fe...)
	}
	return out, nil
}

// hoursDoc is a component document: a Card with a heading and a text.
func hoursDoc(title string, extra ...string) json.RawMessage {
	nodes := `"root":{"id":"root","type":"Page"},` +
		`"card":{"id":"card","type":"Card","parent":"root","pos":"a0"},` +
		`"h":{"id":"h","type":"Heading","parent":"card","pos":"a0","props":{"text":` + q(title) + `,"level":2}},` +
		`"t":{"id":"t","type":"Text","parent":"card","pos":"a1","props":{"html":"<p>Mon–Fri 8–6</p>"}}`
	for _, x := range extra {
		nodes += "," + x
	}
	return json.RawMessage(`{"schemaVersion":1,"root":"root","meta":{"title":"c"},"nodes":{` + nodes + `}}`)
}

// inst is an Instance node under parent.
func inst(id, parent, ref string, overrides map[string]any) string {
	props := map[string]any{"component": ref}
	if overrides != nil {
		props["overrides"] = overrides
	}
	b, _ := json.Marshal(props)
	return q(id) + `:{"id":` + q(id) + `,"type":"Instance","parent":` + q(parent) + `,"pos":"a5","props":` + string(b) + `}`
}

func pageDoc(nodes ...string) []byte {
	all := `"root":{"id":"root","type":"Page"}`
	for _, n := range nodes {
		all += "," + n
	}
	return []byte(`{"schemaVersion":1,"root":"root","meta":{"title":"p"},"nodes":{` + all + `}}`)
}

var titleBody = []symbol.ExposedInput{{Key: "title", Node: "h", Prop: "text", Label: "Title"}, {Key: "body", Node: "t", Prop: "html"}}

func (e *env) create(ctx context.Context, name string, vis string, d json.RawMessage, ex []symbol.ExposedInput) symbol.Component {
	e.t.Helper()
	c, err := e.svc.Create(ctx, symbol.CreateInput{SiteID: e.site, Name: name, Category: "Content", Visibility: vis, Document: d, Exposed: ex})
	must(e.t, err)
	return c
}

func (e *env) addPage(title string, b []byte) page.Page {
	e.t.Helper()
	p := page.Page{ID: newID(), SiteID: e.site, Title: title, Slug: strings.ToLower(strings.ReplaceAll(title, " ", "-")), Status: page.StatusDraft,
		Revision: 1, CreatedAt: e.now, UpdatedAt: e.now}
	must(e.t, e.pages.CreatePage(context.Background(), p, b, audit.Entry{Action: "page.create", Status: audit.StatusSuccess}))
	return p
}

func wantCode(t *testing.T, err error, kind errs.Kind, code string, mention ...string) *errs.Error {
	t.Helper()
	var e *errs.Error
	if !errors.As(err, &e) || e.Kind != kind || e.Code != code {
		t.Fatalf("error %v, want %s (kind %d)", err, code, kind)
	}
	all := e.Message
	for _, f := range e.Fields {
		all += " | " + f.Location + " " + f.Message
	}
	for _, m := range mention {
		if !strings.Contains(all, m) {
			t.Fatalf("error %q does not mention %q", all, m)
		}
	}
	return e
}

func TestCreateAndPublishFollowSemver(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.create(e.sam, "Opening hours", symbol.VisibilityOrganization, hoursDoc("Hours"), titleBody)
	if c.LatestVersion != "1.0.0" || c.Owner == nil || c.Owner.ID != e.samID || c.Visibility != "organization" {
		t.Fatalf("created %+v", c)
	}
	v, err := e.svc.GetVersion(e.viewer, c.ID, "1.0.0")
	must(t, err)
	want := []symbol.Exposed{{Key: "title", Node: "h", Prop: "text", Label: "Title", Type: "string"}, {Key: "body", Node: "t", Prop: "html", Label: "body", Type: "string"}}
	if !equalJSON(v.Exposed, want) || !strings.Contains(string(v.Document), `"type":"Card"`) {
		t.Fatalf("version 1.0.0: %+v", v)
	}

	// Removing an exposed prop is a major change.
	_, err = e.svc.Publish(e.sam, c.ID, symbol.PublishInput{Version: "1.1.0", Document: hoursDoc("Hours"), Exposed: titleBody[:1]})
	ve := wantCode(t, err, errs.KindInvalid, "component.semver")
	if ve.Message != "Removing the exposed prop “body” is a breaking change: publish 2.0.0 or higher." || ve.Fields[0].Location != "body.version" {
		t.Fatalf("semver message %q (%+v)", ve.Message, ve.Fields)
	}
	// Without a version the smallest allowed is chosen.
	v2, err := e.svc.Publish(e.sam, c.ID, symbol.PublishInput{Document: hoursDoc("Hours"), Exposed: titleBody[:1], Notes: "No body"})
	must(t, err)
	if v2.Version != "2.0.0" || v2.Notes != "No body" || v2.CreatedBy == nil || v2.CreatedBy.ID != e.samID {
		t.Fatalf("published %+v", v2)
	}
	// Adding one is a minor change.
	level := append(titleBody[:1:1], symbol.ExposedInput{Key: "level", Node: "h", Prop: "level"})
	_, err = e.svc.Publish(e.sam, c.ID, symbol.PublishInput{Version: "2.0.1", Document: hoursDoc("Hours"), Exposed: level})
	wantCode(t, err, errs.KindInvalid, "component.semver", "Adding the exposed prop “level” needs a new minor version: publish 2.1.0 or higher.")
	v3, err := e.svc.Publish(e.sam, c.ID, symbol.PublishInput{Version: "2.5.0", Document: hoursDoc("Hours"), Exposed: level})
	must(t, err)
	if v3.Version != "2.5.0" || v3.Exposed[1].Type != "integer" {
		t.Fatalf("published %+v", v3)
	}
	// Not newer than the latest.
	_, err = e.svc.Publish(e.sam, c.ID, symbol.PublishInput{Version: "2.5.0", Document: hoursDoc("Hours"), Exposed: level})
	wantCode(t, err, errs.KindInvalid, "component.semver", "not newer than the latest, 2.5.0: publish 2.5.1 or higher")
	// Changing a type is breaking.
	retyped := []symbol.ExposedInput{{Key: "title", Node: "h", Prop: "level"}, {Key: "level", Node: "h", Prop: "text"}}
	_, err = e.svc.Publish(e.sam, c.ID, symbol.PublishInput{Version: "2.6.0", Document: hoursDoc("Hours"), Exposed: retyped})
	wantCode(t, err, errs.KindInvalid, "component.semver",
		"Changing the type of the exposed props “level” (integer → string) and “title” (string → integer) are breaking changes: publish 3.0.0 or higher.")
	_, err = e.svc.Publish(e.sam, c.ID, symbol.PublishInput{Version: "v3", Document: hoursDoc("Hours"), Exposed: retyped})
	wantCode(t, err, errs.KindInvalid, "component.invalid", "body.version")
	// A patch, then 1.10-style ordering.
	for _, ver := range []string{"2.5.1", "2.10.0", "2.9.0"} {
		_, err = e.svc.Publish(e.sam, c.ID, symbol.PublishInput{Version: ver, Document: hoursDoc("Hours " + ver), Exposed: level})
		if ver == "2.9.0" {
			wantCode(t, err, errs.KindInvalid, "component.semver", "not newer than the latest, 2.10.0")
		} else {
			must(t, err)
		}
	}
	vs, err := e.svc.ListVersions(e.viewer, c.ID)
	must(t, err)
	var got []string
	for _, v := range vs {
		got = append(got, v.Version)
	}
	if strings.Join(got, " ") != "2.10.0 2.5.1 2.5.0 2.0.0 1.0.0" {
		t.Fatalf("versions %v", got)
	}
	// Viewers may look but not publish.
	_, err = e.svc.Publish(e.viewer, c.ID, symbol.PublishInput{Document: hoursDoc("Hours"), Exposed: level})
	wantCode(t, err, errs.KindForbidden, "access.denied")
	_, err = e.svc.Create(e.viewer, symbol.CreateInput{SiteID: e.site, Name: "X", Document: hoursDoc("X")})
	wantCode(t, err, errs.KindForbidden, "access.denied")
}

func TestValidation(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	create := func(in symbol.CreateInput) error {
		if in.SiteID == "" {
			in.SiteID = e.site
		}
		if in.Name == "" {
			in.Name = "Thing"
		}
		if in.Document == nil {
			in.Document = hoursDoc("Hours")
		}
		_, err := e.svc.Create(e.sam, in)
		return err
	}
	two := json.RawMessage(`{"schemaVersion":1,"root":"root","nodes":{"root":{"id":"root","type":"Page"},` +
		`"a":{"id":"a","type":"Heading","parent":"root","pos":"a0","props":{"text":"A"}},"b":{"id":"b","type":"Heading","parent":"root","pos":"a1","props":{"text":"B"}}}}`)
	wantCode(t, create(symbol.CreateInput{Document: two}), errs.KindInvalid, "component.invalid", "body.document.nodes.root", "exactly one child")
	empty := json.RawMessage(`{"schemaVersion":1,"root":"root","nodes":{"root":{"id":"root","type":"Page"}}}`)
	wantCode(t, create(symbol.CreateInput{Document: empty}), errs.KindInvalid, "component.invalid", "(it has 0)")
	wantCode(t, create(symbol.CreateInput{Document: hoursDoc("x", `"z":{"id":"z","type":"Nope","parent":"card","pos":"a3"}`)}),
		errs.KindInvalid, "document.invalid", "body.document.nodes.z.type")
	wantCode(t, create(symbol.CreateInput{Exposed: []symbol.ExposedInput{{Key: "title", Node: "h", Prop: "colour"}}}),
		errs.KindInvalid, "component.invalid", "body.exposed[0].prop", "A Heading has no prop “colour”")
	wantCode(t, create(symbol.CreateInput{Exposed: []symbol.ExposedInput{{Key: "title", Node: "nope", Prop: "text"}}}),
		errs.KindInvalid, "component.invalid", "body.exposed[0].node")
	wantCode(t, create(symbol.CreateInput{Exposed: []symbol.ExposedInput{{Key: "title", Node: "root", Prop: "title"}}}),
		errs.KindInvalid, "component.invalid", "body.exposed[0].node")
	wantCode(t, create(symbol.CreateInput{Exposed: []symbol.ExposedInput{{Key: "9lives", Node: "h", Prop: "text"}}}),
		errs.KindInvalid, "component.invalid", "body.exposed[0].key")
	wantCode(t, create(symbol.CreateInput{Exposed: []symbol.ExposedInput{{Key: "a", Node: "h", Prop: "text"}, {Key: "A", Node: "h", Prop: "level"}}}),
		errs.KindInvalid, "component.invalid", "body.exposed[1].key")
	wantCode(t, create(symbol.CreateInput{Exposed: []symbol.ExposedInput{{Key: "a", Node: "h", Prop: "text"}, {Key: "b", Node: "h", Prop: "text"}}}),
		errs.KindInvalid, "component.invalid", "body.exposed[1].prop", "already exposed as “a”")
	_, err := e.svc.Create(e.admin, symbol.CreateInput{SiteID: e.site, Name: "Embed", Exposed: []symbol.ExposedInput{{Key: "html", Node: "e", Prop: "html"}},
		Document: hoursDoc("x", `"e":{"id":"e","type":"Embed","parent":"card","pos":"a3","props":{"html":"<p>x</p>"}}`)})
	wantCode(t, err, errs.KindInvalid, "component.invalid", "body.exposed[0].node", "only Admins may change embedded HTML")
	wantCode(t, create(symbol.CreateInput{Name: strings.Repeat("n", 101)}), errs.KindInvalid, "component.invalid", "body.name")
	wantCode(t, create(symbol.CreateInput{Name: "  "}), errs.KindInvalid, "component.invalid", "body.name")
	wantCode(t, create(symbol.CreateInput{Category: "Widgets"}), errs.KindInvalid, "component.invalid", "body.category")
	wantCode(t, create(symbol.CreateInput{Tags: []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k"}}), errs.KindInvalid, "component.invalid", "body.tags")
	wantCode(t, create(symbol.CreateInput{Tags: []string{strings.Repeat("t", 41)}}), errs.KindInvalid, "component.invalid", "body.tags")
	wantCode(t, create(symbol.CreateInput{Description: strings.Repeat("d", 501)}), errs.KindInvalid, "component.invalid", "body.description")
	wantCode(t, create(symbol.CreateInput{Visibility: "public"}), errs.KindInvalid, "component.invalid", "body.visibility")
	wantCode(t, create(symbol.CreateInput{SiteID: newID()}), errs.KindNotFound, "site.not_found")
	wantCode(t, create(symbol.CreateInput{Document: json.RawMessage(`{"schemaVersion":1,`)}), errs.KindBadRequest, "request.malformed")
	wantCode(t, create(symbol.CreateInput{Document: hoursDoc("x", inst("i", "card", newID()+"@1.0.0", nil))}), errs.KindInvalid, "component.unknown",
		"body.document.nodes.i.props.component")
	list, _, err := e.svc.List(e.admin, symbol.Query{IncludeDeprecated: true})
	must(t, err)
	if len(list) != 0 {
		t.Fatalf("refused creations stored %d components", len(list))
	}
}

func TestNoSelfContainment(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	a := e.create(e.sam, "Header", symbol.VisibilityOrganization, hoursDoc("A"), nil)
	b := e.create(e.sam, "Card", symbol.VisibilityOrganization, hoursDoc("B", inst("ia", "card", a.ID+"@1.0.0", nil)), nil)
	_, err := e.svc.Publish(e.sam, a.ID, symbol.PublishInput{Document: hoursDoc("A", inst("ib", "card", b.ID+"@1.0.0", nil))})
	ce := wantCode(t, err, errs.KindInvalid, "component.cycle", "“Header” cannot contain itself: Header → Card → Header.")
	if ce.Fields[0].Location != "body.document.nodes.ib.props.component" {
		t.Fatalf("cycle located at %+v", ce.Fields)
	}
	_, err = e.svc.Publish(e.sam, a.ID, symbol.PublishInput{Document: hoursDoc("A", inst("self", "card", a.ID+"@1.0.0", nil))})
	wantCode(t, err, errs.KindInvalid, "component.cycle", "Header → Header")
	_, err = e.svc.Publish(e.sam, a.ID, symbol.PublishInput{Document: hoursDoc("A", inst("x", "card", b.ID+"@9.0.0", nil))})
	wantCode(t, err, errs.KindInvalid, "component.unknown", "a version the component does not have")
	vs, _ := e.svc.ListVersions(e.sam, a.ID)
	if len(vs) != 1 {
		t.Fatalf("refused publishes stored versions: %d", len(vs))
	}
	// Nesting another way round is fine.
	_, err = e.svc.Publish(e.sam, b.ID, symbol.PublishInput{Document: hoursDoc("B", inst("ia", "card", a.ID+"@1.0.0", nil), inst("ia2", "card", a.ID+"@1.0.0", nil))})
	must(t, err)
}

func TestInstancesOnPages(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.create(e.sam, "Opening hours", symbol.VisibilityOrganization, hoursDoc("Hours"), titleBody)
	secret := e.create(e.admin, "Secret", symbol.VisibilityPrivate, hoursDoc("S"), nil)
	ref := c.ID + "@1.0.0"
	ok := pageDoc(inst("i1", "root", ref, map[string]any{"title": "Weekend hours", "body": `<p onclick="x()">Sat</p><script>alert(1)</script>`}))
	out, err := e.svc.Instances(e.sam, ok, nil)
	must(t, err)
	if strings.Contains(string(out), "script") || strings.Contains(string(out), "onclick") || !strings.Contains(string(out), "Weekend hours") {
		t.Fatalf("rich-text override not sanitised: %s", out)
	}
	plain := pageDoc(`"h":{"id":"h","type":"Heading","parent":"root","pos":"a0","props":{"text":"No instances"}}`)
	if out, err := e.svc.Instances(e.sam, plain, nil); err != nil || string(out) != string(plain) {
		t.Fatalf("a document without instances: %v", err)
	}
	_, err = e.svc.Instances(e.sam, pageDoc(inst("i1", "root", ref, map[string]any{"nope": "x"})), nil)
	wantCode(t, err, errs.KindInvalid, "document.invalid", "body.nodes.i1.props.overrides.nope", "not an exposed prop of “Opening hours” 1.0.0")
	_, err = e.svc.Instances(e.sam, pageDoc(inst("i1", "root", ref, map[string]any{"title": 42})), nil)
	wantCode(t, err, errs.KindInvalid, "document.invalid", "body.nodes.i1.props.overrides.title", "must be a string")
	_, err = e.svc.Instances(e.sam, pageDoc(inst("i1", "root", ref, map[string]any{"title": nil})), nil)
	wantCode(t, err, errs.KindInvalid, "document.invalid", "body.nodes.i1.props.overrides.title")
	_, err = e.svc.Instances(e.sam, pageDoc(inst("i1", "root", c.ID+"@1.2.0", nil)), nil)
	wantCode(t, err, errs.KindInvalid, "component.unknown", "body.nodes.i1.props.component", "a version the component does not have")
	_, err = e.svc.Instances(e.sam, pageDoc(inst("i1", "root", newID()+"@1.0.0", nil)), nil)
	wantCode(t, err, errs.KindInvalid, "component.unknown")
	// Sam cannot place Maya's private component, but may keep one she
	// placed.
	withSecret := pageDoc(inst("s1", "root", secret.ID+"@1.0.0", nil))
	_, err = e.svc.Instances(e.sam, withSecret, nil)
	wantCode(t, err, errs.KindInvalid, "component.unknown", "body.nodes.s1.props.component")
	if _, err := e.svc.Instances(e.sam, withSecret, func() ([]byte, error) { return withSecret, nil }); err != nil {
		t.Fatalf("keeping an instance someone else placed: %v", err)
	}
	if _, err := e.svc.Instances(e.admin, withSecret, nil); err != nil {
		t.Fatalf("the owner places her own component: %v", err)
	}
}

func TestVisibilityUsageAndList(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	org := e.create(e.sam, "Banner", symbol.VisibilityOrganization, hoursDoc("B"), titleBody)
	team := e.create(e.sam, "Alert", symbol.VisibilityTeam, hoursDoc("A"), nil)
	private := e.create(e.admin, "Draft", symbol.VisibilityPrivate, hoursDoc("D"), nil)
	p1 := e.addPage("Flu clinic", pageDoc(inst("i1", "root", org.ID+"@1.0.0", nil), inst("i2", "root", org.ID+"@1.0.0", nil)))
	e.addPage("Vaccines", pageDoc(inst("i1", "root", org.ID+"@1.0.0", map[string]any{"title": "x"}), inst("i2", "root", private.ID+"@1.0.0", nil)))

	names := func(ctx context.Context, q symbol.Query) string {
		t.Helper()
		cs, _, err := e.svc.List(ctx, q)
		must(t, err)
		var out []string
		for _, c := range cs {
			out = append(out, c.Name)
		}
		return strings.Join(out, ",")
	}
	if got := names(e.sam, symbol.Query{}); got != "Alert,Banner" {
		t.Fatalf("Sam's library: %s", got)
	}
	if got := names(e.admin, symbol.Query{}); got != "Alert,Banner,Draft" {
		t.Fatalf("Maya's library: %s", got)
	}
	if got := names(e.sam, symbol.Query{Search: "BAN"}); got != "Banner" {
		t.Fatalf("search: %s", got)
	}
	// Paging with the cursor.
	cs, next, err := e.svc.List(e.admin, symbol.Query{Limit: 2})
	must(t, err)
	if len(cs) != 2 || next == "" {
		t.Fatalf("page 1: %d, next %q", len(cs), next)
	}
	cs2, next2, err := e.svc.List(e.admin, symbol.Query{Limit: 2, Cursor: next})
	must(t, err)
	if len(cs2) != 1 || cs2[0].Name != "Draft" || next2 != "" {
		t.Fatalf("page 2: %+v, next %q", cs2, next2)
	}
	_, _, err = e.svc.List(e.admin, symbol.Query{Cursor: "nonsense"})
	wantCode(t, err, errs.KindInvalid, "request.bad_cursor")

	cs, _, _ = e.svc.List(e.sam, symbol.Query{Search: "banner"})
	if cs[0].Usage != (symbol.Usage{Pages: 2, Instances: 3}) {
		t.Fatalf("usage %+v", cs[0].Usage)
	}
	_, err = e.svc.Get(e.sam, private.ID)
	wantCode(t, err, errs.KindNotFound, "component.not_found")
	_, err = e.svc.Get(e.sam, "not-an-id")
	wantCode(t, err, errs.KindNotFound, "component.not_found")
	got, err := e.svc.Get(e.viewer, team.ID)
	must(t, err)
	if got.Name != "Alert" {
		t.Fatalf("team component for a viewer: %+v", got)
	}
	usage, err := e.svc.Usage(e.viewer, org.ID)
	must(t, err)
	if len(usage) != 2 || usage[0].Title != "Flu clinic" || usage[0].PageID != p1.ID || usage[0].Instances != 2 ||
		strings.Join(usage[0].Versions, ",") != "1.0.0" || usage[0].Revision != 1 {
		t.Fatalf("usage %+v", usage)
	}

	// Deprecation hides a component from the library unless asked for.
	_, err = e.svc.Deprecate(e.sam, team.ID, "Use Banner", team.ID)
	wantCode(t, err, errs.KindInvalid, "component.invalid_replacement", "cannot replace itself")
	_, err = e.svc.Deprecate(e.sam, team.ID, "Use Draft", private.ID)
	wantCode(t, err, errs.KindInvalid, "component.invalid_replacement", "does not exist or you cannot see it")
	d, err := e.svc.Deprecate(e.sam, team.ID, "Use Banner", org.ID)
	must(t, err)
	if d.Deprecated == nil || d.Deprecated.ReplacementName != "Banner" || d.Deprecated.By == nil || d.Deprecated.By.ID != e.samID {
		t.Fatalf("deprecated %+v", d.Deprecated)
	}
	_, err = e.svc.Deprecate(e.sam, org.ID, "", team.ID)
	wantCode(t, err, errs.KindInvalid, "component.invalid_replacement", "deprecated itself")
	if got := names(e.sam, symbol.Query{}); got != "Banner" {
		t.Fatalf("library without deprecated: %s", got)
	}
	if got := names(e.sam, symbol.Query{IncludeDeprecated: true}); got != "Alert,Banner" {
		t.Fatalf("library with deprecated: %s", got)
	}
	u, err := e.svc.Undeprecate(e.sam, team.ID)
	must(t, err)
	if u.Deprecated != nil {
		t.Fatal("still deprecated")
	}
	_, err = e.svc.Deprecate(e.viewer, team.ID, "x", "")
	wantCode(t, err, errs.KindForbidden, "access.denied")

	// Update: fields and visibility.
	name, vis := "Alert box", symbol.VisibilityPrivate
	up, err := e.svc.Update(e.sam, team.ID, symbol.Input{Name: &name, Visibility: &vis})
	must(t, err)
	if up.Name != "Alert box" || up.Visibility != "private" {
		t.Fatalf("updated %+v", up)
	}
	_, err = e.svc.Get(e.viewer, team.ID)
	wantCode(t, err, errs.KindNotFound, "component.not_found")

	// Delete: Admins only, and never while used.
	err = e.svc.Delete(e.sam, team.ID)
	wantCode(t, err, errs.KindForbidden, "access.denied")
	err = e.svc.Delete(e.admin, org.ID)
	wantCode(t, err, errs.KindConflict, "component.in_use", "“Banner” is used on 2 pages")
	must(t, e.svc.Delete(e.admin, team.ID))
	_, err = e.svc.Get(e.admin, team.ID)
	wantCode(t, err, errs.KindNotFound, "component.not_found")
}

func TestBulkUpdate(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	c := e.create(e.sam, "Opening hours", symbol.VisibilityOrganization, hoursDoc("Hours"), titleBody)
	other := e.create(e.sam, "Footer", symbol.VisibilityOrganization, hoursDoc("F"), nil)
	v1 := c.ID + "@1.0.0"
	p1 := e.addPage("Flu clinic", pageDoc(inst("i1", "root", v1, map[string]any{"title": "Flu", "body": "<p>Mon</p>"}),
		inst("f", "root", other.ID+"@1.0.0", nil)))
	p2 := e.addPage("Vaccines", pageDoc(inst("i1", "root", v1, map[string]any{"title": "Vax"})))
	p3 := e.addPage("Plain", pageDoc())
	// 2.0.0 drops body; title moves to an integer prop... no: it stays.
	_, err := e.svc.Publish(e.sam, c.ID, symbol.PublishInput{Document: hoursDoc("Hours v2"), Exposed: titleBody[:1]})
	must(t, err)

	pv, err := e.svc.BulkPreview(e.viewer, c.ID, "2.0.0", p1.ID)
	must(t, err)
	if pv.Instances != 1 || pv.Revision != 1 || len(pv.Dropped) != 1 || pv.Dropped[0].Key != "body" || pv.Dropped[0].Node != "i1" ||
		!strings.Contains(pv.Dropped[0].Reason, "no longer exposed") || !strings.Contains(string(pv.Document), c.ID+"@2.0.0") ||
		!strings.Contains(string(pv.Document), other.ID+"@1.0.0") {
		t.Fatalf("preview %+v %s", pv, pv.Document)
	}
	_, err = e.svc.BulkPreview(e.viewer, c.ID, "2.0.0", p3.ID)
	wantCode(t, err, errs.KindInvalid, "component.not_used")
	_, err = e.svc.BulkPreview(e.viewer, c.ID, "7.0.0", p1.ID)
	wantCode(t, err, errs.KindNotFound, "component.version_not_found")

	read := func(p page.Page) page.Document {
		d, err := e.pages.GetDocument(context.Background(), p.ID)
		must(t, err)
		return d
	}
	before1, before2 := read(p1), read(p2)
	// p2 moves on: a bulk update based on revision 1 changes nothing.
	_, err = e.pages.PutDocument(context.Background(), p2.ID, before2.JSON, 1, e.adminID, e.now, audit.Entry{Action: "page.document.update", Status: audit.StatusSuccess})
	must(t, err)
	before2 = read(p2)
	_, err = e.svc.BulkUpdate(e.sam, c.ID, "2.0.0", []symbol.PageRef{{PageID: p1.ID, Revision: 1}, {PageID: p2.ID, Revision: 1}})
	wantCode(t, err, errs.KindPreconditionFailed, "page.stale", "“Vaccines”", "body.pages[1].revision")
	if string(read(p1).JSON) != string(before1.JSON) || read(p1).Revision != 1 || read(p2).Revision != 2 {
		t.Fatal("a stale bulk update changed a page")
	}
	_, err = e.svc.BulkUpdate(e.viewer, c.ID, "2.0.0", []symbol.PageRef{{PageID: p1.ID, Revision: 1}})
	wantCode(t, err, errs.KindForbidden, "access.denied")
	_, err = e.svc.BulkUpdate(e.sam, c.ID, "2.0.0", []symbol.PageRef{{PageID: p1.ID, Revision: 1}, {PageID: p1.ID, Revision: 1}})
	wantCode(t, err, errs.KindInvalid, "component.invalid", "listed twice")
	_, err = e.svc.BulkUpdate(e.sam, c.ID, "2.0.0", []symbol.PageRef{{PageID: p3.ID, Revision: 1}})
	wantCode(t, err, errs.KindInvalid, "component.not_used", "body.pages[0].id")
	_, err = e.svc.BulkUpdate(e.sam, c.ID, "2.0.0", nil)
	wantCode(t, err, errs.KindInvalid, "component.invalid", "body.pages")

	revs, err := e.svc.BulkUpdate(e.sam, c.ID, "2.0.0", []symbol.PageRef{{PageID: p1.ID, Revision: 1}, {PageID: p2.ID, Revision: 2}})
	must(t, err)
	if len(revs) != 2 || revs[0] != (symbol.PageRevision{PageID: p1.ID, Revision: 2}) || revs[1] != (symbol.PageRevision{PageID: p2.ID, Revision: 3}) {
		t.Fatalf("revisions %+v", revs)
	}
	after := read(p1)
	if !strings.Contains(string(after.JSON), c.ID+"@2.0.0") || strings.Contains(string(after.JSON), "Mon") || !strings.Contains(string(after.JSON), `"title":"Flu"`) {
		t.Fatalf("page after the bulk update: %s", after.JSON)
	}
	if _, _, err := doc.Parse(after.JSON); err != nil {
		t.Fatalf("stored document does not parse: %v", err)
	}
	if _, err := e.svc.Instances(e.sam, after.JSON, nil); err != nil {
		t.Fatalf("stored document's instances: %v", err)
	}
	e.savedMu.Lock()
	if strings.Join(e.saved, ",") != p1.ID+","+p2.ID {
		t.Errorf("saved hook calls %v", e.saved)
	}
	e.savedMu.Unlock()
	es, err := e.db.QueryAudit(context.Background(), audit.Filter{Limit: 3})
	must(t, err)
	if es[0].Action != "component.bulk_update" || es[1].Action != "page.document.update" || es[1].ResourceID != p2.ID || es[2].ResourceID != p1.ID || es[0].ActorID != e.samID {
		t.Fatalf("audit %+v", es)
	}
	// Again: nothing left to change.
	revs, err = e.svc.BulkUpdate(e.sam, c.ID, "2.0.0", []symbol.PageRef{{PageID: p1.ID, Revision: 2}})
	must(t, err)
	if revs[0].Revision != 2 {
		t.Fatalf("a no-op bulk update moved the revision: %+v", revs)
	}
	_ = before2
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

func q(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }
