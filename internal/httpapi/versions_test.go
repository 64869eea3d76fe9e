package httpapi_test

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/apptest"
	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/version/versiontest"
)

// versionBody is a Version of the versions API.
type versionBody struct {
	ID       string   `json:"id"`
	PageID   string   `json:"pageId"`
	Number   int64    `json:"number"`
	Branch   string   `json:"branch"`
	Kind     string   `json:"kind"`
	Message  string   `json:"message"`
	ParentID string   `json:"parentId"`
	SourceID string   `json:"sourceId"`
	Tags     []string `json:"tags"`
	Hash     string   `json:"hash"`
	Size     int64    `json:"size"`
	Author   *struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"author"`
	CreatedAt time.Time `json:"createdAt"`
}

type branchBody struct {
	Name          string `json:"name"`
	ForkVersionID string `json:"forkVersionId"`
	HeadVersionID string `json:"headVersionId"`
	HeadNumber    int64  `json:"headNumber"`
	Merged        bool   `json:"merged"`
	MergedBy      *struct {
		Name string `json:"name"`
	} `json:"mergedBy"`
	MergeVersionID string `json:"mergeVersionId"`
}

// TestVersionsAPI walks version history through the API on SQLite and
// (when configured) PostgreSQL: autosave on document saves with a clock,
// manual versions, reading, diffs, tags, restore, branches and merges,
// the retention policy, the audit trail, and every bad input of issue 5
// changing nothing.
func TestVersionsAPI(t *testing.T) {
	t.Parallel()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		versionsFlow(t, apptest.New(t))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		versionsFlow(t, apptest.New(t, apptest.WithDatabase(apptest.FreshPostgres(t))))
	})
}

// clock is a movable time for the app's services.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

func versionsFlow(t *testing.T, env *apptest.Env) {
	clk := &clock{now: time.Now().UTC()}
	env.App.Versions.Now = clk.Now
	admin := env.Setup(t)
	site := decode[idBody](t, admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Clinic"}).Want(t, 201))
	pg := decode[idBody](t, admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Flu clinic"}).Want(t, 201))
	other := decode[idBody](t, admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Other"}).Want(t, 201))
	docPath := "/api/v1/pages/" + pg.ID + "/document"
	rng := rand.New(rand.NewPCG(21, 22))
	d := versiontest.Document(60, 21)
	save := func(d *doc.Document) string {
		t.Helper()
		etag := admin.Do(t, "GET", docPath, nil).Want(t, 200).Header.Get("ETag")
		return admin.Do(t, "PUT", docPath, json.RawMessage(versiontest.JSON(d)), "If-Match", etag).Want(t, 200).Header.Get("ETag")
	}
	list := func(query string) []versionBody {
		t.Helper()
		return decode[struct{ Items []versionBody }](t, admin.Do(t, "GET", "/api/v1/pages/"+pg.ID+"/versions"+query, nil).Want(t, 200)).Items
	}
	// state is what a refused request must leave as it was.
	state := func() string {
		doc := admin.Do(t, "GET", docPath, nil).Want(t, 200)
		return doc.Header.Get("ETag") + string(doc.Body) +
			string(admin.Do(t, "GET", "/api/v1/pages/"+pg.ID+"/versions?limit=200", nil).Want(t, 200).Body) +
			string(admin.Do(t, "GET", "/api/v1/pages/"+pg.ID+"/branches", nil).Want(t, 200).Body)
	}
	refused := func(t *testing.T, res *apptest.Response, status int, code string, before string) {
		t.Helper()
		wantProblem(t, res, status, code)
		if after := state(); after != before {
			t.Fatalf("refused request (%s) changed the page or its history", code)
		}
	}

	// Autosave: the first save makes version 1, saves within five minutes
	// make none, a save after five minutes makes the next.
	save(d)
	d = versiontest.Edit(d, rng)
	save(d)
	clk.advance(2 * time.Minute)
	d = versiontest.Edit(d, rng)
	save(d)
	if got := list(""); len(got) != 1 || got[0].Kind != "autosave" || got[0].Number != 1 || got[0].Author == nil || got[0].Author.Name != "Maya Admin" {
		t.Fatalf("after three saves within five minutes: %+v, want one autosave by Maya Admin", got)
	}
	clk.advance(3*time.Minute + time.Second)
	d = versiontest.Edit(d, rng)
	save(d)
	clk.advance(time.Hour)
	save(d) // unchanged: no version however late
	vs := list("")
	if len(vs) != 2 || vs[0].Number != 2 || vs[0].ParentID != vs[1].ID {
		t.Fatalf("versions %+v, want 2 autosaves, newest first, linked", vs)
	}
	v1, v2 := vs[1], vs[0]

	// Manual versions.
	v3 := decode[versionBody](t, admin.Do(t, "POST", "/api/v1/pages/"+pg.ID+"/versions",
		map[string]any{"message": "Winter hours", "tags": []string{"approved"}}).Want(t, 201))
	if v3.Kind != "manual" || v3.Number != 3 || v3.Message != "Winter hours" || !slices.Equal(v3.Tags, []string{"approved"}) || v3.Hash != v2.Hash {
		t.Fatalf("manual version %+v", v3)
	}
	if got := list("?kind=manual"); len(got) != 1 || got[0].ID != v3.ID {
		t.Fatalf("kind filter: %+v", got)
	}
	first := decode[struct {
		Items      []versionBody
		NextCursor string
	}](t, admin.Do(t, "GET", "/api/v1/pages/"+pg.ID+"/versions?limit=2", nil).Want(t, 200))
	rest := decode[struct{ Items []versionBody }](t, admin.Do(t, "GET", "/api/v1/pages/"+pg.ID+"/versions?limit=2&cursor="+first.NextCursor, nil).Want(t, 200))
	if len(first.Items) != 2 || len(rest.Items) != 1 || rest.Items[0].ID != v1.ID {
		t.Fatalf("paging: %+v then %+v", first.Items, rest.Items)
	}

	// Reading a version gives its document.
	got := decode[struct {
		Version  versionBody
		Document json.RawMessage
	}](t, admin.Do(t, "GET", "/api/v1/versions/"+v1.ID, nil).Want(t, 200))
	if got.Version.ID != v1.ID || !bytes.Contains(got.Document, []byte(`"schemaVersion":1`)) || int64(len(got.Document)) != v1.Size {
		t.Fatalf("version read: %+v, %d bytes", got.Version, len(got.Document))
	}
	wantProblem(t, admin.Do(t, "GET", "/api/v1/versions/"+newUUID(), nil), 404, "version.not_found")

	// Diff: structural changes and an RFC 6902 patch.
	diff := decode[struct {
		From, To struct {
			Current bool
			Version *versionBody
		}
		Changes struct {
			Changes []struct{ Kind, Node, Label, Path string }
			Summary map[string]int
		}
		Patch []struct{ Op, Path string }
	}](t, admin.Do(t, "GET", "/api/v1/pages/"+pg.ID+"/diff?from="+v1.ID+"&to="+v3.ID, nil).Want(t, 200))
	if len(diff.Changes.Changes) == 0 || len(diff.Patch) == 0 || diff.From.Version == nil || diff.From.Version.ID != v1.ID || diff.To.Current {
		t.Fatalf("diff v1→v3: %+v", diff)
	}
	for _, p := range diff.Patch {
		if !strings.HasPrefix(p.Path, "/nodes/") && !strings.HasPrefix(p.Path, "/meta") {
			t.Fatalf("patch path %q", p.Path)
		}
	}
	cur := decode[struct {
		To      struct{ Current bool }
		Changes struct{ Changes []any }
		Patch   []any
	}](t, admin.Do(t, "GET", "/api/v1/pages/"+pg.ID+"/diff?from="+v3.ID, nil).Want(t, 200))
	if !cur.To.Current || len(cur.Changes.Changes) != 0 || len(cur.Patch) != 0 {
		t.Fatalf("diff of the newest version with the unchanged page: %+v", cur)
	}

	// A version of another page.
	otherEtag := admin.Do(t, "GET", "/api/v1/pages/"+other.ID+"/document", nil).Want(t, 200).Header.Get("ETag")
	admin.Do(t, "PUT", "/api/v1/pages/"+other.ID+"/document", json.RawMessage(versiontest.JSON(versiontest.Document(10, 5))), "If-Match", otherEtag).Want(t, 200)
	foreign := decode[struct{ Items []versionBody }](t, admin.Do(t, "GET", "/api/v1/pages/"+other.ID+"/versions", nil).Want(t, 200)).Items[0]

	etag := admin.Do(t, "GET", docPath, nil).Want(t, 200).Header.Get("ETag")
	bad := []struct {
		name, method, path string
		body               any
		headers            []string
		status             int
		code               string
	}{
		{"DiffVersionsOfDifferentPages", "GET", "/api/v1/pages/" + pg.ID + "/diff?from=" + v1.ID + "&to=" + foreign.ID, nil, nil, 422, "version.other_page"},
		{"DiffUnknownVersion", "GET", "/api/v1/pages/" + pg.ID + "/diff?from=" + newUUID(), nil, nil, 404, "version.not_found"},
		{"RestoreVersionOfAnotherPage", "POST", "/api/v1/versions/" + foreign.ID + "/restore", map[string]string{"page": pg.ID}, []string{"If-Match", etag}, 422, "version.other_page"},
		{"RestoreUnknownVersion", "POST", "/api/v1/versions/" + newUUID() + "/restore", nil, []string{"If-Match", etag}, 404, "version.not_found"},
		{"RestoreWithoutIfMatch", "POST", "/api/v1/versions/" + v1.ID + "/restore", nil, nil, 428, "document.if_match_required"},
		{"RestoreStale", "POST", "/api/v1/versions/" + v1.ID + "/restore", nil, []string{"If-Match", `"1"`}, 412, "document.stale"},
		{"TagWithInvalidCharacters", "POST", "/api/v1/versions/" + v1.ID + "/tags/" + url.PathEscape("bad tag!"), nil, nil, 422, "tag.invalid"},
		{"TagTooLong", "POST", "/api/v1/versions/" + v1.ID + "/tags/" + strings.Repeat("a", 41), nil, nil, 422, "tag.invalid"},
		{"TagTakenWithoutMove", "POST", "/api/v1/versions/" + v1.ID + "/tags/approved", nil, nil, 409, "tag.exists"},
		{"UntagMissing", "DELETE", "/api/v1/versions/" + v1.ID + "/tags/nope", nil, nil, 404, "tag.not_found"},
		{"ManualWithoutMessage", "POST", "/api/v1/pages/" + pg.ID + "/versions", map[string]string{"message": "  "}, nil, 422, "version.invalid"},
		{"ManualWithBadTag", "POST", "/api/v1/pages/" + pg.ID + "/versions", map[string]any{"message": "x", "tags": []string{"ok", "not ok"}}, nil, 422, "tag.invalid"},
		{"ManualWithTakenTag", "POST", "/api/v1/pages/" + pg.ID + "/versions", map[string]any{"message": "x", "tags": []string{"approved"}}, nil, 409, "tag.exists"},
		{"BranchWithBadName", "POST", "/api/v1/pages/" + pg.ID + "/branches", map[string]string{"name": "Winter Hours"}, nil, 422, "branch.invalid"},
		{"BranchNamedMain", "POST", "/api/v1/pages/" + pg.ID + "/branches", map[string]string{"name": "main"}, nil, 409, "branch.exists"},
		{"BranchFromVersionOfAnotherPage", "POST", "/api/v1/pages/" + pg.ID + "/branches", map[string]string{"name": "x", "fromVersion": foreign.ID}, nil, 422, "version.other_page"},
		{"MergeMainIntoItself", "POST", "/api/v1/pages/" + pg.ID + "/branches/main/merge", map[string]string{"ifMatch": v3.ID}, nil, 422, "branch.self_merge"},
		{"MergeUnknownBranch", "POST", "/api/v1/pages/" + pg.ID + "/branches/nope/merge", map[string]string{"ifMatch": v3.ID}, nil, 404, "branch.not_found"},
		{"MainDocumentIsThePage", "GET", "/api/v1/pages/" + pg.ID + "/branches/main/document", nil, nil, 422, "branch.main"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			before := state()
			refused(t, admin.Do(t, tc.method, tc.path, tc.body, tc.headers...), tc.status, tc.code, before)
		})
	}

	// Tags: unique per page, moved only when asked.
	tagged := decode[versionBody](t, admin.Do(t, "POST", "/api/v1/versions/"+v2.ID+"/tags/v2.1", nil).Want(t, 200))
	if !slices.Equal(tagged.Tags, []string{"v2.1"}) {
		t.Fatalf("tags %v", tagged.Tags)
	}
	moved := decode[versionBody](t, admin.Do(t, "POST", "/api/v1/versions/"+v2.ID+"/tags/approved?move=true", nil).Want(t, 200))
	if !slices.Equal(moved.Tags, []string{"approved", "v2.1"}) {
		t.Fatalf("tags after the move %v", moved.Tags)
	}
	if got := list("?tag=approved"); len(got) != 1 || got[0].ID != v2.ID {
		t.Fatalf("approved is on %+v, want only v2", got)
	}
	untagged := decode[versionBody](t, admin.Do(t, "DELETE", "/api/v1/versions/"+v2.ID+"/tags/v2.1", nil).Want(t, 200))
	if !slices.Equal(untagged.Tags, []string{"approved"}) {
		t.Fatalf("tags after removal %v", untagged.Tags)
	}

	// Restore v1: an unversioned edit is kept first, then the restore.
	d = versiontest.Edit(d, rng)
	save(d)
	etag = admin.Do(t, "GET", docPath, nil).Want(t, 200).Header.Get("ETag")
	res := admin.Do(t, "POST", "/api/v1/versions/"+v1.ID+"/restore", nil, "If-Match", etag).Want(t, 200)
	restored := decode[struct {
		Version  versionBody
		Revision int64
	}](t, res)
	if restored.Version.Kind != "restore" || restored.Version.SourceID != v1.ID || restored.Version.Hash != v1.Hash ||
		res.Header.Get("ETag") != `"`+strconv.FormatInt(restored.Revision, 10)+`"` || restored.Version.Message != "Restored version 1" {
		t.Fatalf("restore: %+v (ETag %s)", restored, res.Header.Get("ETag"))
	}
	vs = list("")
	if vs[1].Kind != "autosave" || vs[1].Message != "Before restoring version 1" || vs[0].ParentID != vs[1].ID {
		t.Fatalf("history after restore: %+v", vs[:2])
	}
	page := admin.Do(t, "GET", docPath, nil).Want(t, 200)
	if page.Header.Get("ETag") != res.Header.Get("ETag") || !sameDoc(t, page.Body, got.Document) {
		t.Fatal("the page document is not version 1's")
	}
	d = parseDoc(t, page.Body)
	mainHead := vs[0]

	// Branches: create from a version, edit through versions, merge back.
	winter := decode[branchBody](t, admin.Do(t, "POST", "/api/v1/pages/"+pg.ID+"/branches",
		map[string]string{"name": "winter", "fromVersion": mainHead.ID}).Want(t, 201))
	if winter.ForkVersionID != mainHead.ID || winter.HeadVersionID != mainHead.ID || winter.Merged {
		t.Fatalf("new branch %+v", winter)
	}
	wantProblem(t, admin.Do(t, "POST", "/api/v1/pages/"+pg.ID+"/branches", map[string]string{"name": "winter"}), 409, "branch.exists")
	bpath := "/api/v1/pages/" + pg.ID + "/branches/winter"
	bdoc := admin.Do(t, "GET", bpath+"/document", nil).Want(t, 200)
	if bdoc.Header.Get("ETag") != `"`+strconv.FormatInt(mainHead.Number, 10)+`"` || bdoc.Header.Get("X-Version-Id") != mainHead.ID {
		t.Fatalf("branch document ETag %s, version %s", bdoc.Header.Get("ETag"), bdoc.Header.Get("X-Version-Id"))
	}
	// Both sides change the same heading (a conflict) and other things.
	heading := ""
	for id, n := range d.Nodes {
		if n.Type == "Heading" && (heading == "" || id < heading) {
			heading = id
		}
	}
	theirs := setProp(d, heading, "text", "Winter opening hours")
	theirs = setProp(theirs, "s1", "label", "Winter")
	bv := decode[versionBody](t, admin.Do(t, "PUT", bpath+"/document?message="+url.QueryEscape("Winter copy"), json.RawMessage(versiontest.JSON(theirs)),
		"If-Match", bdoc.Header.Get("ETag")).Want(t, 200))
	if bv.Branch != "winter" || bv.Kind != "manual" || bv.ParentID != mainHead.ID {
		t.Fatalf("branch version %+v", bv)
	}
	wantProblem(t, admin.Do(t, "PUT", bpath+"/document", json.RawMessage(versiontest.JSON(theirs)), "If-Match", bdoc.Header.Get("ETag")), 412, "document.stale")
	same := decode[versionBody](t, admin.Do(t, "PUT", bpath+"/document", json.RawMessage(versiontest.JSON(theirs)),
		"If-Match", `"`+strconv.FormatInt(bv.Number, 10)+`"`).Want(t, 200))
	if same.ID != bv.ID {
		t.Fatal("saving the same branch document again made a version")
	}
	ours := setProp(d, heading, "text", "Opening hours this week")
	save(ours)
	clk.advance(10 * time.Minute)
	preview := decode[struct {
		MainHeadID string
		Revision   int64
		Conflicts  []struct{ ID, Node, Field, Label, Path string }
		Changes    struct{ Changes []any }
	}](t, admin.Do(t, "GET", bpath+"/merge", nil).Want(t, 200))
	if len(preview.Conflicts) != 1 || preview.Conflicts[0].Node != heading || preview.Conflicts[0].Field != "props.text" || preview.MainHeadID != mainHead.ID {
		t.Fatalf("merge preview %+v", preview)
	}
	conflict := preview.Conflicts[0].ID
	before := state()
	refused(t, admin.Do(t, "POST", bpath+"/merge", map[string]string{"ifMatch": v1.ID}), 412, "branch.stale", before)
	p := wantProblem(t, admin.Do(t, "POST", bpath+"/merge", map[string]string{"ifMatch": mainHead.ID}), 409, "merge.conflicts")
	if len(p.Errors) != 1 || !strings.Contains(p.Errors[0].Location, conflict) {
		t.Fatalf("conflicts problem %+v", p)
	}
	refused(t, admin.Do(t, "POST", bpath+"/merge", map[string]any{"ifMatch": mainHead.ID, "choices": map[string]string{conflict: "mine"}}), 422, "merge.choice_invalid", before)
	refused(t, admin.Do(t, "POST", bpath+"/merge", map[string]any{"ifMatch": mainHead.ID, "choices": map[string]string{conflict: "theirs"}}, "If-Match", `"1"`), 412, "document.stale", before)
	mres := admin.Do(t, "POST", bpath+"/merge", map[string]any{"ifMatch": mainHead.ID, "choices": map[string]string{conflict: "theirs"}}).Want(t, 200)
	merged := decode[struct {
		Version  versionBody
		Revision int64
		Branch   branchBody
	}](t, mres)
	if merged.Version.Kind != "merge" || merged.Version.SourceID != bv.ID || !merged.Branch.Merged || merged.Branch.MergeVersionID != merged.Version.ID ||
		merged.Branch.MergedBy == nil || merged.Branch.MergedBy.Name != "Maya Admin" {
		t.Fatalf("merge result %+v", merged)
	}
	vs = list("")
	if vs[0].ID != merged.Version.ID || vs[1].Message != "Before merging branch winter" || vs[0].ParentID != vs[1].ID {
		t.Fatalf("history after merge: %+v", vs[:2])
	}
	after := parseDoc(t, admin.Do(t, "GET", docPath, nil).Want(t, 200).Body)
	if after.Nodes[heading].Props["text"] != "Winter opening hours" || after.Nodes["s1"].Props["label"] != "Winter" {
		t.Fatalf("merged page: heading %v, section label %v", after.Nodes[heading].Props["text"], after.Nodes["s1"].Props["label"])
	}
	before = state()
	refused(t, admin.Do(t, "POST", bpath+"/merge", map[string]string{"ifMatch": merged.Version.ID}), 409, "branch.merged", before)
	refused(t, admin.Do(t, "PUT", bpath+"/document", json.RawMessage(versiontest.JSON(theirs)), "If-Match", `"`+strconv.FormatInt(bv.Number, 10)+`"`), 409, "branch.merged", before)
	branches := decode[struct{ Items []branchBody }](t, admin.Do(t, "GET", "/api/v1/pages/"+pg.ID+"/branches", nil).Want(t, 200)).Items
	if len(branches) != 2 || branches[0].Name != "main" || branches[0].HeadVersionID != merged.Version.ID || branches[1].Name != "winter" || !branches[1].Merged {
		t.Fatalf("branches %+v", branches)
	}
	if got := list("?branch=winter"); len(got) != 1 || got[0].ID != bv.ID {
		t.Fatalf("winter's versions %+v", got)
	}

	// Retention policy: per site, site:edit to change.
	policy := "/api/v1/sites/" + site.ID + "/version-policy"
	if p := decode[struct{ ThinAfterDays int }](t, admin.Do(t, "GET", policy, nil).Want(t, 200)); p.ThinAfterDays != 30 {
		t.Fatalf("default policy %+v", p)
	}
	if p := decode[struct {
		ThinAfterDays int
		UpdatedBy     struct{ Name string }
	}](t, admin.Do(t, "PUT", policy, map[string]int{"thinAfterDays": 7}).Want(t, 200)); p.ThinAfterDays != 7 || p.UpdatedBy.Name != "Maya Admin" {
		t.Fatalf("saved policy %+v", p)
	}
	wantProblem(t, admin.Do(t, "PUT", policy, map[string]int{"thinAfterDays": -1}), 422, "request.invalid")
	editor := env.CreateUser(t, "Eddie Editor", access.RoleEditor)
	wantProblem(t, editor.Do(t, "PUT", policy, map[string]int{"thinAfterDays": 1}), 403, "access.denied")
	viewer := env.CreateUser(t, "Vera Viewer", access.RoleViewer)
	viewer.Do(t, "GET", "/api/v1/pages/"+pg.ID+"/versions", nil).Want(t, 200)
	wantProblem(t, viewer.Do(t, "POST", "/api/v1/pages/"+pg.ID+"/versions", map[string]string{"message": "x"}), 403, "access.denied")

	// Every kind of mutation is in the audit log.
	for _, action := range []string{"version.create", "version.restore", "version.tag", "version.untag", "branch.create", "branch.merge", "version_policy.update"} {
		if len(auditEntries(t, admin, url.Values{"action": {action}})) == 0 {
			t.Errorf("no %s audit entry", action)
		}
	}
}

func setProp(d *doc.Document, id, prop string, value any) *doc.Document {
	out := versiontest.Clone(d)
	raw, _ := json.Marshal(value)
	if err := doc.Apply(out, []doc.Op{{Op: doc.OpSet, Node: id, Path: "props/" + prop, Value: raw}}, doc.AnyChild); err != nil {
		panic(err)
	}
	return out
}

func parseDoc(t *testing.T, b []byte) *doc.Document {
	t.Helper()
	d, _, err := doc.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func sameDoc(t *testing.T, a, b []byte) bool {
	x, _ := json.Marshal(parseDoc(t, a))
	y, _ := json.Marshal(parseDoc(t, b))
	return bytes.Equal(x, y)
}

func newUUID() string { return "0190aaaa-bbbb-7ccc-8ddd-" + randHex(6) }

// The authorization matrix's request builders for the version routes
// (authz_test.go holds their rows).
func init() {
	for id, b := range versionRequests {
		requests[id] = b
	}
}

// versioned is a throwaway page whose document was saved once, which made
// its first (autosave) version.
func (w *world) versioned(t *testing.T) (fixture, versionBody) {
	t.Helper()
	fx := w.fixture(t)
	path := "/api/v1/pages/" + fx.page + "/document"
	etag := w.admin.Do(t, "GET", path, nil).Want(t, 200).Header.Get("ETag")
	w.admin.Do(t, "PUT", path, docJSON("Versioned"), "If-Match", etag).Want(t, 200)
	items := decode[struct{ Items []versionBody }](t, w.admin.Do(t, "GET", "/api/v1/pages/"+fx.page+"/versions", nil).Want(t, 200)).Items
	if len(items) != 1 {
		t.Fatalf("a first save made %d versions", len(items))
	}
	return fx, items[0]
}

// branched is a versioned page with a branch "draft" that has a version
// of its own.
func (w *world) branched(t *testing.T) (fixture, versionBody) {
	t.Helper()
	fx, v := w.versioned(t)
	w.admin.Do(t, "POST", "/api/v1/pages/"+fx.page+"/branches", map[string]string{"name": "draft", "fromVersion": v.ID}).Want(t, 201)
	w.admin.Do(t, "PUT", "/api/v1/pages/"+fx.page+"/branches/draft/document", docJSON("Draft"),
		"If-Match", `"`+strconv.FormatInt(v.Number, 10)+`"`).Want(t, 200)
	return fx, v
}

var versionRequests = map[string]builder{
	"list-versions": func(t *testing.T, w *world, a *actor) call {
		fx, _ := w.versioned(t)
		return call{params: map[string]string{"page": fx.page}, query: url.Values{"kind": {"autosave"}}}
	},
	"create-version": func(t *testing.T, w *world, a *actor) call {
		fx, _ := w.versioned(t)
		return call{params: map[string]string{"page": fx.page}, body: map[string]any{"message": "Saved by " + a.name, "tags": []string{"approved"}},
			state: func() []byte { return w.read(t, "/api/v1/pages/"+fx.page+"/versions", false) }}
	},
	"get-version": func(t *testing.T, w *world, a *actor) call {
		_, v := w.versioned(t)
		return call{params: map[string]string{"version": v.ID}}
	},
	"restore-version": func(t *testing.T, w *world, a *actor) call {
		fx, v := w.versioned(t)
		path := "/api/v1/pages/" + fx.page + "/document"
		etag := w.admin.Do(t, "GET", path, nil).Want(t, 200).Header.Get("ETag")
		return call{params: map[string]string{"version": v.ID}, body: map[string]string{"page": fx.page}, headers: []string{"If-Match", etag},
			state: func() []byte {
				return append(w.read(t, path, true), w.read(t, "/api/v1/pages/"+fx.page+"/versions", false)...)
			}}
	},
	"tag-version": func(t *testing.T, w *world, a *actor) call {
		_, v := w.versioned(t)
		return call{params: map[string]string{"version": v.ID, "tag": "v2.1"}, state: func() []byte { return w.read(t, "/api/v1/versions/"+v.ID, false) }}
	},
	"untag-version": func(t *testing.T, w *world, a *actor) call {
		_, v := w.versioned(t)
		w.admin.Do(t, "POST", "/api/v1/versions/"+v.ID+"/tags/approved", nil).Want(t, 200)
		return call{params: map[string]string{"version": v.ID, "tag": "approved"}, state: func() []byte { return w.read(t, "/api/v1/versions/"+v.ID, false) }}
	},
	"diff-versions": func(t *testing.T, w *world, a *actor) call {
		fx, v := w.versioned(t)
		return call{params: map[string]string{"page": fx.page}, query: url.Values{"from": {v.ID}, "to": {"current"}}}
	},
	"list-branches": func(t *testing.T, w *world, a *actor) call {
		return call{params: map[string]string{"page": w.shared.page}}
	},
	"create-branch": func(t *testing.T, w *world, a *actor) call {
		fx, v := w.versioned(t)
		return call{params: map[string]string{"page": fx.page}, body: map[string]string{"name": "by-" + strings.ReplaceAll(a.name, "-", ""), "fromVersion": v.ID},
			state: func() []byte { return w.read(t, "/api/v1/pages/"+fx.page+"/branches", false) }}
	},
	"get-branch-document": func(t *testing.T, w *world, a *actor) call {
		fx, _ := w.branched(t)
		return call{params: map[string]string{"page": fx.page, "branch": "draft"}}
	},
	"put-branch-document": func(t *testing.T, w *world, a *actor) call {
		fx, _ := w.branched(t)
		path := "/api/v1/pages/" + fx.page + "/branches/draft/document"
		etag := w.admin.Do(t, "GET", path, nil).Want(t, 200).Header.Get("ETag")
		return call{params: map[string]string{"page": fx.page, "branch": "draft"}, body: docJSON("Drafted by " + a.name), headers: []string{"If-Match", etag},
			state: func() []byte { return w.read(t, path, true) }}
	},
	"merge-preview": func(t *testing.T, w *world, a *actor) call {
		fx, _ := w.branched(t)
		return call{params: map[string]string{"page": fx.page, "branch": "draft"}}
	},
	"merge-branch": func(t *testing.T, w *world, a *actor) call {
		fx, v := w.branched(t)
		return call{params: map[string]string{"page": fx.page, "branch": "draft"}, body: map[string]string{"ifMatch": v.ID},
			state: func() []byte {
				return append(w.read(t, "/api/v1/pages/"+fx.page+"/document", true), w.read(t, "/api/v1/pages/"+fx.page+"/branches", false)...)
			},
			after: func(t *testing.T, res *apptest.Response) {
				if got := parseDoc(t, w.admin.Do(t, "GET", "/api/v1/pages/"+fx.page+"/document", nil).Want(t, 200).Body); got.Meta.Title != "Draft" {
					t.Errorf("merged page title %q, want the branch's", got.Meta.Title)
				}
			}}
	},
	"get-version-policy": func(t *testing.T, w *world, a *actor) call {
		return call{params: map[string]string{"site": w.shared.site}}
	},
	"put-version-policy": func(t *testing.T, w *world, a *actor) call {
		fx := w.fixture(t)
		return call{params: map[string]string{"site": fx.site}, body: map[string]int{"thinAfterDays": 7},
			state: func() []byte { return w.read(t, "/api/v1/sites/"+fx.site+"/version-policy", false) }}
	},
}
