package httpapi_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
	"github.com/riverqueue/river"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/app"
	"github.com/pagewright/pagewright/internal/apptest"
	"github.com/pagewright/pagewright/internal/config"
	"github.com/pagewright/pagewright/internal/jobs"
	"github.com/pagewright/pagewright/internal/sitebuild"
)

type envBody struct {
	ID               string `json:"id"`
	Slug             string `json:"slug"`
	Kind             string `json:"kind"`
	URL              string `json:"url"`
	LiveDeploymentID string `json:"liveDeploymentId"`
	RequiresApproval bool   `json:"requiresApproval"`
	Access           struct {
		Mode string `json:"mode"`
	} `json:"access"`
	Secrets []struct {
		Name string `json:"name"`
	} `json:"secrets"`
}

type deploymentBody struct {
	ID           string `json:"id"`
	Kind         string `json:"kind"`
	Status       string `json:"status"`
	Progress     int    `json:"progress"`
	Live         bool   `json:"live"`
	URL          string `json:"url"`
	ArtifactHash string `json:"artifactHash"`
	ManifestHash string `json:"manifestHash"`
	Error        string `json:"error"`
	Stages       []struct {
		Name, Status string
		DurationMs   int64 `json:"durationMs"`
	} `json:"stages"`
	Stats struct {
		Pages, Rendered, Reused int
	} `json:"stats"`
}

// waitDeployment polls a deployment until it is finished.
func waitDeployment(t *testing.T, c *apptest.Client, id string) deploymentBody {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		var d deploymentBody
		c.Do(t, "GET", "/api/v1/deployments/"+id, nil).Want(t, 200).JSON(t, &d)
		if d.Status == "success" || d.Status == "failed" || d.Status == "rejected" {
			return d
		}
		if time.Now().After(deadline) {
			t.Fatalf("deployment %s still %s after 60 s", id, d.Status)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func get(t *testing.T, url string, headers ...string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// TestDeployAPI deploys a two-page site to development and production,
// serves it under /s/, promotes, rolls back, requires and gives approval,
// and refuses bad input.
func TestDeployAPI(t *testing.T) {
	t.Parallel()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		deployFlow(t, apptest.New(t))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		deployFlow(t, apptest.New(t, apptest.WithDatabase(apptest.FreshPostgres(t))))
	})
}

func deployFlow(t *testing.T, env *apptest.Env) {
	admin := env.Setup(t)
	var site struct{ ID, Slug string }
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Riverside Clinics"}).Want(t, 201).JSON(t, &site)
	for _, title := range []string{"Home", "Flu clinic"} {
		var pg struct{ ID string }
		admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": title}).Want(t, 201).JSON(t, &pg)
		path := "/api/v1/pages/" + pg.ID + "/document"
		etag := admin.Do(t, "GET", path, nil).Want(t, 200).Header.Get("ETag")
		body := `{"schemaVersion":1,"root":"root","meta":{"title":"` + title + `","lang":"en"},"nodes":{"root":{"id":"root","type":"Page"},
			"s":{"id":"s","type":"Section","parent":"root","pos":"a0"},
			"h":{"id":"h","type":"Heading","parent":"s","pos":"a0","props":{"text":"` + title + ` at Riverside","level":1}}}}`
		admin.Do(t, "PUT", path, json.RawMessage(body), "If-Match", etag).Want(t, 200)
	}

	var envs struct{ Items []envBody }
	admin.Do(t, "GET", "/api/v1/sites/"+site.ID+"/environments", nil).Want(t, 200).JSON(t, &envs)
	if len(envs.Items) != 2 || envs.Items[0].Slug != "development" || envs.Items[1].Slug != "production" {
		t.Fatalf("default environments %+v", envs.Items)
	}
	if !strings.HasSuffix(envs.Items[1].URL, "/s/"+site.Slug+"/production/") {
		t.Fatalf("production url %s", envs.Items[1].URL)
	}

	// Deploy to production (public).
	var d deploymentBody
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/environments/production/deployments", map[string]string{"message": "First"}).Want(t, 202).JSON(t, &d)
	first := waitDeployment(t, admin, d.ID)
	if first.Status != "success" || !first.Live || first.Stats.Pages != 2 || first.Stats.Rendered != 2 {
		t.Fatalf("first deployment %+v", first)
	}
	for _, st := range first.Stages {
		if st.Status != "done" {
			t.Fatalf("stage %+v", st)
		}
	}
	res, body := get(t, env.URL+"/s/"+site.Slug+"/production/", "Accept-Encoding", "br")
	if res.StatusCode != 200 || res.Header.Get("Content-Encoding") != "br" || res.Header.Get("Content-Security-Policy") == "" {
		t.Fatalf("home page: %d %v", res.StatusCode, res.Header)
	}
	_ = body
	res, body = get(t, env.URL+"/s/"+site.Slug+"/production/flu-clinic/")
	if res.StatusCode != 200 || !strings.Contains(body, "Flu clinic at Riverside") {
		t.Fatalf("flu clinic page: %d %s", res.StatusCode, body)
	}
	res, _ = get(t, env.URL+"/s/"+site.Slug+"/production/nope/")
	if res.StatusCode != 404 {
		t.Fatalf("missing page: %d", res.StatusCode)
	}

	// Development needs a login; a second deploy there, then promotion.
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/environments/development/deployments", nil).Want(t, 202).JSON(t, &d)
	dev := waitDeployment(t, admin, d.ID)
	if dev.Status != "success" || dev.Stats.Reused != 0 && dev.Stats.Rendered+dev.Stats.Reused != 2 {
		t.Fatalf("dev deployment %+v", dev)
	}
	res, _ = get(t, env.URL+"/s/"+site.Slug+"/development/")
	if res.StatusCode != http.StatusSeeOther && res.StatusCode != http.StatusFound {
		t.Fatalf("development without login: %d", res.StatusCode)
	}
	var prom deploymentBody
	admin.Do(t, "POST", "/api/v1/deployments/"+dev.ID+"/promote", map[string]string{"to": "production"}).Want(t, 202).JSON(t, &prom)
	promoted := waitDeployment(t, admin, prom.ID)
	if promoted.Status != "success" || promoted.Kind != "promote" || promoted.ArtifactHash != dev.ArtifactHash {
		t.Fatalf("promotion %+v (dev artifact %s)", promoted, dev.ArtifactHash)
	}

	// Roll back production to the first deployment.
	var rb deploymentBody
	admin.Do(t, "POST", "/api/v1/deployments/"+first.ID+"/rollback", nil).Want(t, 200).JSON(t, &rb)
	if rb.Status != "success" || !rb.Live || rb.ManifestHash != first.ManifestHash {
		t.Fatalf("rollback %+v", rb)
	}
	admin.Do(t, "POST", "/api/v1/deployments/"+rb.ID+"/rollback", nil).Want(t, 409)

	// Approval: production now needs one; the deployer cannot approve.
	admin.Do(t, "PATCH", "/api/v1/sites/"+site.ID+"/environments/production", map[string]any{"requiresApproval": true}).Want(t, 200)
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/environments/production/deployments", nil).Want(t, 202).JSON(t, &d)
	if d.Status != "pending_approval" {
		t.Fatalf("status %s, want pending_approval", d.Status)
	}
	admin.Do(t, "POST", "/api/v1/deployments/"+d.ID+"/approve", nil).Want(t, 403)
	other := env.CreateUser(t, "Olu Admin", access.RoleAdmin)
	other.Do(t, "POST", "/api/v1/deployments/"+d.ID+"/reject", nil).Want(t, 422)
	other.Do(t, "POST", "/api/v1/deployments/"+d.ID+"/approve", map[string]string{"comment": "Looks right"}).Want(t, 200)
	if got := waitDeployment(t, admin, d.ID); got.Status != "success" {
		t.Fatalf("approved deployment %+v", got)
	}

	// Compare the environments.
	var cmp struct {
		Same, Different int
	}
	admin.Do(t, "GET", "/api/v1/sites/"+site.ID+"/environments/compare?a=development&b=production", nil).Want(t, 200).JSON(t, &cmp)
	if cmp.Same+cmp.Different != 2 {
		t.Fatalf("comparison %+v", cmp)
	}

	// Secrets: set, listed by name only, bad names refused.
	var e envBody
	admin.Do(t, "PUT", "/api/v1/sites/"+site.ID+"/environments/production/secrets/API_KEY", map[string]string{"value": "s3cr3t"}).Want(t, 200).JSON(t, &e)
	if len(e.Secrets) != 1 || e.Secrets[0].Name != "API_KEY" {
		t.Fatalf("secrets %+v", e.Secrets)
	}
	raw := admin.Do(t, "GET", "/api/v1/sites/"+site.ID+"/environments/production", nil).Want(t, 200)
	if strings.Contains(string(raw.Body), "s3cr3t") {
		t.Fatal("a secret's value came back")
	}
	admin.Do(t, "PUT", "/api/v1/sites/"+site.ID+"/environments/production/secrets/api-key", map[string]string{"value": "x"}).Want(t, 422)

	// Staging on demand; development and production stay.
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/environments", map[string]string{"name": "Staging", "kind": "staging"}).Want(t, 201)
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/environments", map[string]string{"name": "Staging two", "kind": "staging"}).Want(t, 422)
	admin.Do(t, "DELETE", "/api/v1/sites/"+site.ID+"/environments/production", nil).Want(t, 409)
	admin.Do(t, "DELETE", "/api/v1/sites/"+site.ID+"/environments/staging", nil).Want(t, 204)
}

// The authorization matrix's request builders for the publishing routes
// (authz_test.go holds their rows).
func init() {
	for id, b := range deployRequests {
		requests[id] = b
	}
}

// deployed is a throwaway site with one page deployed to development.
func (w *world) deployed(t *testing.T) (fixture, deploymentBody) {
	t.Helper()
	fx := w.fixture(t)
	path := "/api/v1/pages/" + fx.page + "/document"
	etag := w.admin.Do(t, "GET", path, nil).Want(t, 200).Header.Get("ETag")
	w.admin.Do(t, "PUT", path, docJSON("Deployed"), "If-Match", etag).Want(t, 200)
	d := decode[deploymentBody](t, w.admin.Do(t, "POST", "/api/v1/sites/"+fx.site+"/environments/development/deployments", nil).Want(t, 202))
	return fx, waitDeployment(t, w.admin, d.ID)
}

// pending is a deployment to production waiting for approval.
func (w *world) pending(t *testing.T) (fixture, deploymentBody) {
	t.Helper()
	fx := w.fixture(t)
	w.admin.Do(t, "PATCH", "/api/v1/sites/"+fx.site+"/environments/production", map[string]any{"requiresApproval": true}).Want(t, 200)
	d := decode[deploymentBody](t, w.admin.Do(t, "POST", "/api/v1/sites/"+fx.site+"/environments/production/deployments", nil).Want(t, 202))
	return fx, d
}

var deployRequests = map[string]builder{
	"list-environments": func(t *testing.T, w *world, a *actor) call {
		return call{params: map[string]string{"site": w.shared.site}}
	},
	"create-environment": func(t *testing.T, w *world, a *actor) call {
		fx := w.fixture(t)
		return call{params: map[string]string{"site": fx.site}, body: map[string]string{"name": "Preview " + randHex(3), "kind": "preview"},
			state: func() []byte { return w.read(t, "/api/v1/sites/"+fx.site+"/environments", false) }}
	},
	"compare-environments": func(t *testing.T, w *world, a *actor) call {
		return call{params: map[string]string{"site": w.shared.site}, query: url.Values{"a": {"development"}, "b": {"production"}}}
	},
	"get-environment": func(t *testing.T, w *world, a *actor) call {
		return call{params: map[string]string{"site": w.shared.site, "env": "production"}}
	},
	"update-environment": func(t *testing.T, w *world, a *actor) call {
		fx := w.fixture(t)
		return call{params: map[string]string{"site": fx.site, "env": "production"}, body: map[string]any{"name": "Live"},
			state: func() []byte { return w.read(t, "/api/v1/sites/"+fx.site+"/environments/production", false) }}
	},
	"delete-environment": func(t *testing.T, w *world, a *actor) call {
		fx := w.fixture(t)
		w.admin.Do(t, "POST", "/api/v1/sites/"+fx.site+"/environments", map[string]string{"name": "Staging", "kind": "staging"}).Want(t, 201)
		return call{params: map[string]string{"site": fx.site, "env": "staging"},
			state: func() []byte { return w.read(t, "/api/v1/sites/"+fx.site+"/environments", false) }}
	},
	"put-environment-secret": func(t *testing.T, w *world, a *actor) call {
		fx := w.fixture(t)
		return call{params: map[string]string{"site": fx.site, "env": "production", "name": "API_KEY"}, body: map[string]string{"value": "x"},
			state: func() []byte { return w.read(t, "/api/v1/sites/"+fx.site+"/environments/production", false) }}
	},
	"delete-environment-secret": func(t *testing.T, w *world, a *actor) call {
		fx := w.fixture(t)
		w.admin.Do(t, "PUT", "/api/v1/sites/"+fx.site+"/environments/production/secrets/API_KEY", map[string]string{"value": "x"}).Want(t, 200)
		return call{params: map[string]string{"site": fx.site, "env": "production", "name": "API_KEY"},
			state: func() []byte { return w.read(t, "/api/v1/sites/"+fx.site+"/environments/production", false) }}
	},
	"create-deployment": func(t *testing.T, w *world, a *actor) call {
		fx := w.fixture(t)
		return call{params: map[string]string{"site": fx.site, "env": "development"},
			state: func() []byte {
				return w.read(t, "/api/v1/sites/"+fx.site+"/environments/development/deployments", false)
			}}
	},
	"list-deployments": func(t *testing.T, w *world, a *actor) call {
		return call{params: map[string]string{"site": w.shared.site, "env": "production"}}
	},
	"get-deployment": func(t *testing.T, w *world, a *actor) call {
		_, d := w.deployed(t)
		return call{params: map[string]string{"deployment": d.ID}}
	},
	"deployment-logs": func(t *testing.T, w *world, a *actor) call {
		_, d := w.deployed(t)
		return call{params: map[string]string{"deployment": d.ID}}
	},
	"deployment-events": func(t *testing.T, w *world, a *actor) call {
		_, d := w.deployed(t)
		return call{params: map[string]string{"deployment": d.ID}}
	},
	"rollback-deployment": func(t *testing.T, w *world, a *actor) call {
		fx, first := w.deployed(t)
		second := decode[deploymentBody](t, w.admin.Do(t, "POST", "/api/v1/sites/"+fx.site+"/environments/development/deployments", nil).Want(t, 202))
		waitDeployment(t, w.admin, second.ID)
		return call{params: map[string]string{"deployment": first.ID},
			state: func() []byte { return w.read(t, "/api/v1/sites/"+fx.site+"/environments/development", false) }}
	},
	"promote-deployment": func(t *testing.T, w *world, a *actor) call {
		fx, d := w.deployed(t)
		return call{params: map[string]string{"deployment": d.ID}, body: map[string]string{"to": "production"},
			state: func() []byte {
				return w.read(t, "/api/v1/sites/"+fx.site+"/environments/production/deployments", false)
			}}
	},
	"approve-deployment": func(t *testing.T, w *world, a *actor) call {
		_, d := w.pending(t)
		return call{params: map[string]string{"deployment": d.ID}, wantStatus: 403, wantCode: "deployment.self_approval",
			state: func() []byte { return w.read(t, "/api/v1/deployments/"+d.ID, false) }}
	},
	"reject-deployment": func(t *testing.T, w *world, a *actor) call {
		_, d := w.pending(t)
		return call{params: map[string]string{"deployment": d.ID}, body: map[string]string{"comment": "Not yet"},
			state: func() []byte { return w.read(t, "/api/v1/deployments/"+d.ID, false) }}
	},
}

// TestDeployWebhooks: deployment events reach the environment's webhook,
// signed with its WEBHOOK_SECRET, and a failed delivery is retried.
func TestDeployWebhooks(t *testing.T) {
	t.Parallel()
	type got struct {
		event, sig string
		body       []byte
	}
	calls := make(chan got, 20)
	var n atomic.Int32
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if n.Add(1) == 1 {
			w.WriteHeader(503) // the first call fails: River tries again
			return
		}
		calls <- got{r.Header.Get("X-Pagewright-Event"), r.Header.Get("X-Pagewright-Signature"), b}
	}))
	defer recv.Close()
	env := apptest.New(t, func(c *config.Config) { c.OutboundAllowPrivate = true })
	admin := env.Setup(t)
	var site struct{ ID string }
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Hooked"}).Want(t, 201).JSON(t, &site)
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Home"}).Want(t, 201)
	base := "/api/v1/sites/" + site.ID + "/environments/production"
	admin.Do(t, "PATCH", base, map[string]any{"config": map[string]any{"webhooks": []string{"http://[::1"}}}).Want(t, 422)
	admin.Do(t, "PATCH", base, map[string]any{"config": map[string]any{"webhooks": []string{recv.URL + "/deploys"}}}).Want(t, 200)
	admin.Do(t, "PUT", base+"/secrets/WEBHOOK_SECRET", map[string]string{"value": "whsec"}).Want(t, 200)
	var d deploymentBody
	admin.Do(t, "POST", base+"/deployments", nil).Want(t, 202).JSON(t, &d)
	waitDeployment(t, admin, d.ID)
	seen := map[string]bool{}
	deadline := time.After(30 * time.Second)
	for !seen["deployment.succeeded"] {
		select {
		case c := <-calls:
			seen[c.event] = true
			parts := strings.SplitN(c.sig, ",", 2)
			if len(parts) != 2 || !strings.HasPrefix(parts[0], "t=") {
				t.Fatalf("signature header %q", c.sig)
			}
			unix, _ := strconv.ParseInt(strings.TrimPrefix(parts[0], "t="), 10, 64)
			if want := app.Sign([]byte("whsec"), unix, c.body); want != c.sig {
				t.Fatalf("signature %q, want %q", c.sig, want)
			}
			var ev struct {
				Event      string
				Deployment struct{ ID string }
			}
			if err := json.Unmarshal(c.body, &ev); err != nil || ev.Event != c.event || ev.Deployment.ID != d.ID {
				t.Fatalf("payload %s (%v)", c.body, err)
			}
		case <-deadline:
			t.Fatalf("events seen %v after 30 s, want deployment.succeeded", seen)
		}
	}
}

// TestDeployToBucket ships deployments to an S3-compatible bucket (an
// in-process S3 server): a release per manifest and current.json naming
// the live one; an upload that fails half way activates nothing.
func TestDeployToBucket(t *testing.T) {
	t.Parallel()
	backend := s3mem.New()
	if err := backend.CreateBucket("sites"); err != nil {
		t.Fatal(err)
	}
	s3 := gofakes3.New(backend).Server()
	var failPuts atomic.Int32 // fail PUTs after this many more (0: never)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut && failPuts.Load() > 0 && failPuts.Add(-1) == 0 {
			failPuts.Store(-1 << 20) // and every PUT after it
		}
		if r.Method == http.MethodPut && failPuts.Load() < 0 {
			http.Error(w, "disk full", http.StatusInternalServerError)
			return
		}
		s3.ServeHTTP(w, r)
	}))
	defer srv.Close()
	env := apptest.New(t, func(c *config.Config) { c.OutboundAllowPrivate = true })
	admin := env.Setup(t)
	var site struct{ ID string }
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Bucketed"}).Want(t, 201).JSON(t, &site)
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Home"}).Want(t, 201)
	base := "/api/v1/sites/" + site.ID + "/environments/production"
	target := map[string]any{"kind": "s3", "endpoint": strings.TrimPrefix(srv.URL, "http://"), "bucket": "sites", "prefix": "riverside/",
		"insecure": true, "pathStyle": true}
	admin.Do(t, "PATCH", base, map[string]any{"config": map[string]any{"target": map[string]any{"kind": "s3", "endpoint": "x", "bucket": "B!"}}}).Want(t, 422)
	admin.Do(t, "PATCH", base, map[string]any{"config": map[string]any{"target": target}}).Want(t, 200)
	var d deploymentBody
	admin.Do(t, "POST", base+"/deployments", nil).Want(t, 202).JSON(t, &d)
	if got := waitDeployment(t, admin, d.ID); got.Status != "failed" || !strings.Contains(got.Error, "S3_ACCESS_KEY_ID") {
		t.Fatalf("deploy without credentials: %+v", got)
	}
	admin.Do(t, "PUT", base+"/secrets/S3_ACCESS_KEY_ID", map[string]string{"value": "AKIAEXAMPLE"}).Want(t, 200)
	admin.Do(t, "PUT", base+"/secrets/S3_SECRET_ACCESS_KEY", map[string]string{"value": "secret/with+chars"}).Want(t, 200)
	admin.Do(t, "POST", base+"/deployments", nil).Want(t, 202).JSON(t, &d)
	first := waitDeployment(t, admin, d.ID)
	if first.Status != "success" {
		t.Fatalf("deploy to the bucket: %+v", first)
	}
	current := func() string {
		obj, err := backend.GetObject("sites", "riverside/current.json", nil)
		if err != nil {
			t.Fatal(err)
		}
		defer obj.Contents.Close()
		b, _ := io.ReadAll(obj.Contents)
		return string(b)
	}
	release := "riverside/releases/" + first.ManifestHash[:16]
	if !strings.Contains(current(), release) {
		t.Fatalf("current.json %s, want %s", current(), release)
	}
	if _, err := backend.HeadObject("sites", release+"/index.html"); err != nil {
		t.Fatalf("the release has no index.html: %v", err)
	}

	// Change the page, then fail the upload after three objects.
	var pages struct{ Items []struct{ ID string } }
	admin.Do(t, "GET", "/api/v1/sites/"+site.ID+"/pages", nil).Want(t, 200).JSON(t, &pages)
	path := "/api/v1/pages/" + pages.Items[0].ID + "/document"
	etag := admin.Do(t, "GET", path, nil).Want(t, 200).Header.Get("ETag")
	admin.Do(t, "PUT", path, json.RawMessage(docJSON("Changed")), "If-Match", etag).Want(t, 200)
	failPuts.Store(4)
	admin.Do(t, "POST", base+"/deployments", nil).Want(t, 202).JSON(t, &d)
	if got := waitDeployment(t, admin, d.ID); got.Status != "failed" || !strings.Contains(got.Error, "upload") {
		t.Fatalf("a failing upload: %+v", got)
	}
	failPuts.Store(0)
	if !strings.Contains(current(), release) {
		t.Fatalf("current.json moved after a failed upload: %s", current())
	}
	var e envBody
	admin.Do(t, "GET", base, nil).Want(t, 200).JSON(t, &e)
	if e.LiveDeploymentID != first.ID {
		t.Fatalf("live deployment %s after a failed upload, want %s", e.LiveDeploymentID, first.ID)
	}
}

// twoDeployments makes a site whose production has two successful
// deployments with different home pages, and returns them (the second live).
func twoDeployments(t testing.TB, env *apptest.Env, admin *apptest.Client) (site struct{ ID, Slug string }, a, b deploymentBody) {
	admin.Do(t, "POST", "/api/v1/sites", map[string]string{"name": "Load " + randHex(3)}).Want(t, 201).JSON(t, &site)
	var pg struct{ ID string }
	admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/pages", map[string]string{"title": "Home"}).Want(t, 201).JSON(t, &pg)
	deployWith := func(title string) deploymentBody {
		path := "/api/v1/pages/" + pg.ID + "/document"
		etag := admin.Do(t, "GET", path, nil).Want(t, 200).Header.Get("ETag")
		admin.Do(t, "PUT", path, json.RawMessage(docJSON(title)), "If-Match", etag).Want(t, 200)
		var d deploymentBody
		admin.Do(t, "POST", "/api/v1/sites/"+site.ID+"/environments/production/deployments", nil).Want(t, 202).JSON(t, &d)
		deadline := time.Now().Add(time.Minute)
		for d.Status != "success" {
			if d.Status == "failed" || time.Now().After(deadline) {
				t.Fatalf("deployment %+v", d)
			}
			time.Sleep(20 * time.Millisecond)
			admin.Do(t, "GET", "/api/v1/deployments/"+d.ID, nil).Want(t, 200).JSON(t, &d)
		}
		return d
	}
	return site, deployWith("Version A"), deployWith("Version B")
}

// TestRollbackUnderLoad rolls production back and forth while clients
// fetch its home page: every response is a 200 with one whole version.
func TestRollbackUnderLoad(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := env.Setup(t)
	site, a, b := twoDeployments(t, env, admin)
	// Half the clients on the app's listener, half on the sites' own.
	homes := []string{env.URL + "/s/" + site.Slug + "/production/", env.SitesURL + "/s/" + site.Slug + "/production/"}
	stop := make(chan struct{})
	var bad atomic.Int32
	var served atomic.Int64
	done := make(chan struct{})
	for i := range 8 {
		home := homes[i%2]
		go func() {
			defer func() { done <- struct{}{} }()
			client := &http.Client{Timeout: 5 * time.Second}
			for {
				select {
				case <-stop:
					return
				default:
				}
				res, err := client.Get(home)
				if err != nil {
					bad.Add(1)
					continue
				}
				body, _ := io.ReadAll(res.Body)
				res.Body.Close()
				s := string(body)
				if res.StatusCode != 200 || (strings.Contains(s, "Version A") == strings.Contains(s, "Version B")) || !strings.Contains(s, "</html>") {
					bad.Add(1)
				}
				served.Add(1)
			}
		}()
	}
	var worst time.Duration
	targets := []deploymentBody{a, b}
	for i := range 20 {
		start := time.Now()
		// Roll back to whichever is not live (the latest rollback copy is
		// the live one, so target the originals in turn).
		admin.Do(t, "POST", "/api/v1/deployments/"+targets[i%2].ID+"/rollback", nil).Want(t, 200)
		if d := time.Since(start); d > worst {
			worst = d
		}
		time.Sleep(20 * time.Millisecond)
	}
	close(stop)
	for range 8 {
		<-done
	}
	t.Logf("20 rollbacks under load: slowest %v; %d requests served", worst, served.Load())
	if bad.Load() > 0 {
		t.Fatalf("%d bad responses while rolling back", bad.Load())
	}
}

// TestSitesListener serves a deployed site on the sites' own listener
// exactly as on the app's, and nothing of the app.
func TestSitesListener(t *testing.T) {
	t.Parallel()
	env := apptest.New(t)
	admin := env.Setup(t)
	site, _, _ := twoDeployments(t, env, admin)
	for _, p := range []string{"/", "/sitemap.xml", "/robots.txt", "/no-such-page/"} {
		for _, enc := range []string{"", "gzip", "br"} {
			path := "/s/" + site.Slug + "/production" + p
			want, wantBody := get(t, env.URL+path, "Accept-Encoding", enc)
			got, gotBody := get(t, env.SitesURL+path, "Accept-Encoding", enc)
			if got.StatusCode != want.StatusCode || gotBody != wantBody {
				t.Errorf("%s (%s): sites listener %d, app listener %d; same body %v", p, enc, got.StatusCode, want.StatusCode, gotBody == wantBody)
			}
			for _, h := range []string{"Content-Type", "Content-Encoding", "Etag", "Cache-Control", "Content-Security-Policy", "Vary", "X-Content-Type-Options"} {
				if got.Header.Get(h) != want.Header.Get(h) {
					t.Errorf("%s (%s): %s %q, app listener %q", p, enc, h, got.Header.Get(h), want.Header.Get(h))
				}
			}
		}
	}
	if res, body := get(t, env.SitesURL+"/s/"+site.Slug+"/production/"); res.StatusCode != 200 || !strings.Contains(body, "Version B") {
		t.Errorf("home: %d %q", res.StatusCode, body)
	}
	// Nothing of the admin or the API is reachable here.
	for _, p := range []string{"/", "/api/v1/sites", "/api/v1/health", "/sites", "/metrics"} {
		if res, body := get(t, env.SitesURL+p); res.StatusCode != 404 || strings.Contains(body, "Pagewright</title>") {
			t.Errorf("%s on the sites listener: %d", p, res.StatusCode)
		}
	}
	// A protected environment's visitors sign in on the app's listener.
	res, _ := get(t, env.SitesURL+"/login?next=%2Fs%2Fx%2Fdevelopment%2F")
	if loc := res.Header.Get("Location"); res.StatusCode != 303 || loc != env.URL+"/login?next=%2Fs%2Fx%2Fdevelopment%2F" {
		t.Errorf("login: %d to %q, want the app's %s/login", res.StatusCode, loc, env.URL)
	}
	if res, body := get(t, env.SitesURL+"/robots.txt"); res.StatusCode != 200 || !strings.Contains(body, "Allow: /s/") {
		t.Errorf("robots.txt: %d %q", res.StatusCode, body)
	}
}

// BenchmarkRollback times one rollback through the API (the pointer flip
// and the routing table's reload). Goal: ≤ 100 ms.
func BenchmarkRollback(b *testing.B) {
	env := apptest.New(b)
	admin := env.Setup(b)
	_, x, y := twoDeployments(b, env, admin)
	targets := []deploymentBody{x, y}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		admin.Do(b, "POST", "/api/v1/deployments/"+targets[i%2].ID+"/rollback", nil).Want(b, 200)
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/rollback")
}

// TestSignInOnDomain: a login-only environment on its own domain sends an
// anonymous visitor to the app, which hands a signed-in member's session
// over to the domain once; the domain then serves the page. Both the
// app's listener and the sites' own answer the domain.
func TestSignInOnDomain(t *testing.T) {
	t.Parallel()
	env := apptest.New(t, apptest.WithOwnBaseURL())
	admin := env.Setup(t)
	site, _, _ := twoDeployments(t, env, admin)
	const domain = "staging.clinic.test"
	admin.Do(t, "PATCH", "/api/v1/sites/"+site.ID+"/environments/production",
		map[string]any{"domain": domain, "access": map[string]any{"mode": "login", "roles": []string{}}}).Want(t, 200)
	base, _ := url.Parse(env.URL)
	var session string
	for _, c := range admin.HTTP.Jar.Cookies(base) {
		if c.Name == "pw_session" {
			session = c.Value
		}
	}
	if session == "" {
		t.Fatal("no session cookie")
	}
	// onDomain sends a request for the domain to a listener, cookies as given.
	onDomain := func(listener, target string, cookie string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest("GET", listener+target, nil)
		req.Host = domain
		if cookie != "" {
			req.Header.Set("Cookie", "pw_session="+cookie)
		}
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res
	}
	for _, listener := range []string{env.URL, env.SitesURL} {
		t.Run(listener, func(t *testing.T) {
			// 1. Anonymous on the domain: to the app's hand-off.
			res := onDomain(listener, "/?from=mail", "")
			want := env.URL + "/_pw/sign-in?next=" + url.QueryEscape("http://"+domain+"/?from=mail")
			if res.StatusCode != 303 || res.Header.Get("Location") != want {
				t.Fatalf("anonymous: %d to %q, want 303 to %q", res.StatusCode, res.Header.Get("Location"), want)
			}
			// 2. On the app without a session: to the sign-in screen, and back.
			anon := env.Anonymous()
			anon.HTTP.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
			r2, err := anon.HTTP.Get(want)
			if err != nil {
				t.Fatal(err)
			}
			r2.Body.Close()
			if loc := r2.Header.Get("Location"); r2.StatusCode != 303 || !strings.HasPrefix(loc, "/login?redirect=%2F_pw%2Fsign-in") {
				t.Fatalf("hand-off without a session: %d to %q", r2.StatusCode, loc)
			}
			// 3. Signed in: on to the domain with a one-time hand-off.
			client := &http.Client{Jar: admin.HTTP.Jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
			r3, err := client.Get(want)
			if err != nil {
				t.Fatal(err)
			}
			r3.Body.Close()
			loc, _ := url.Parse(r3.Header.Get("Location"))
			if r3.StatusCode != 303 || loc == nil || loc.Host != domain || loc.Path != "/_pw/auth" || loc.Query().Get("next") != "/?from=mail" {
				t.Fatalf("hand-off: %d to %q", r3.StatusCode, r3.Header.Get("Location"))
			}
			if r3.Header.Get("Referrer-Policy") != "no-referrer" || r3.Header.Get("Cache-Control") != "no-store" {
				t.Errorf("hand-off headers: %v", r3.Header)
			}
			// 4. The domain spends it: the session cookie, and the page.
			r4 := onDomain(listener, loc.RequestURI(), "")
			var got string
			for _, c := range r4.Cookies() {
				if c.Name == "pw_session" {
					got = c.Value
					if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
						t.Errorf("cookie flags: %+v", c)
					}
				}
			}
			if r4.StatusCode != 303 || r4.Header.Get("Location") != "/?from=mail" || got != session {
				t.Fatalf("spend: %d to %q, cookie set %v", r4.StatusCode, r4.Header.Get("Location"), got == session)
			}
			if res := onDomain(listener, "/", got); res.StatusCode != 200 {
				t.Fatalf("signed in on the domain: %d", res.StatusCode)
			}
			// 5. A hand-off works once, on its own domain only.
			if res := onDomain(listener, loc.RequestURI(), ""); res.StatusCode != 400 || len(res.Cookies()) != 0 {
				t.Errorf("second use: %d, cookies %v", res.StatusCode, res.Cookies())
			}
			tampered := strings.Replace(loc.RequestURI(), "t=v1", "t=v1A", 1)
			if res := onDomain(listener, tampered, ""); res.StatusCode != 400 {
				t.Errorf("tampered: %d", res.StatusCode)
			}
			// 6. The next page stays on the domain.
			r6, err := client.Get(env.URL + "/_pw/sign-in?next=" + url.QueryEscape("http://"+domain+"//evil.example/"))
			if err != nil {
				t.Fatal(err)
			}
			r6.Body.Close()
			l6, _ := url.Parse(r6.Header.Get("Location"))
			r7 := onDomain(listener, l6.RequestURI(), "")
			if loc := r7.Header.Get("Location"); strings.HasPrefix(loc, "//") {
				t.Errorf("open redirect: %q", loc)
			}
		})
	}
	// Bad hand-off requests get a page that says what is wrong.
	client := &http.Client{Jar: admin.HTTP.Jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tc := range []struct {
		name, next string
		status     int
	}{
		{"no next", "", 400},
		{"relative next", "/s/x/", 400},
		{"javascript", "javascript:alert(1)", 400},
		{"not a site of ours", "https://evil.example/", 404},
	} {
		res, err := client.Get(env.URL + "/_pw/sign-in?next=" + url.QueryEscape(tc.next))
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != tc.status || !strings.Contains(string(body), "<h1>") {
			t.Errorf("%s: %d %q", tc.name, res.StatusCode, body)
		}
	}
}

// TestSiteObjectsGC: the collection keeps everything a deployment lists,
// deletes what nothing lists once it is old enough, and frees a deleted
// site's files.
func TestSiteObjectsGC(t *testing.T) {
	t.Parallel()
	t.Run("sqlite", func(t *testing.T) {
		t.Parallel()
		objectsGCFlow(t, apptest.New(t))
	})
	t.Run("postgres", func(t *testing.T) {
		t.Parallel()
		objectsGCFlow(t, apptest.New(t, apptest.WithDatabase(apptest.FreshPostgres(t))))
	})
}

func objectsGCFlow(t *testing.T, env *apptest.Env) {
	admin := env.Setup(t)
	site, a, b := twoDeployments(t, env, admin)
	ctx := t.Context()
	blobs := env.App.Blobs
	objs := sitebuild.BlobObjects{Store: blobs, Prefix: "objects/"}
	stray := []byte("left behind by a failed build")
	strayHash := sha(stray)
	if err := objs.Put(ctx, strayHash, stray); err != nil {
		t.Fatal(err)
	}
	if _, err := blobs.Put(ctx, "objects/NOTES", strings.NewReader("not an object"), -1, "text/plain"); err != nil {
		t.Fatal(err)
	}
	has := func(h string) bool {
		ok, err := objs.Has(ctx, h)
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	listed := func(manifest string) []string {
		data, err := objs.Get(ctx, manifest)
		if err != nil {
			t.Fatal(err)
		}
		var m sitebuild.Manifest
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatal(err)
		}
		out := []string{manifest}
		for _, f := range m.Files {
			out = append(out, f.Hash)
			if f.Br != nil {
				out = append(out, f.Br.Hash)
			}
			if f.Gzip != nil {
				out = append(out, f.Gzip.Hash)
			}
		}
		return out
	}
	needed := append(append(listed(a.ManifestHash), listed(a.ArtifactHash)...), append(listed(b.ManifestHash), listed(b.ArtifactHash)...)...)

	st, err := env.App.CollectSiteObjects(ctx, 0, true)
	if err != nil || st.Deleted != 1 || !has(strayHash) {
		t.Fatalf("dry run: %+v, %v; stray still there %v", st, err, has(strayHash))
	}
	if st, err := env.App.CollectSiteObjects(ctx, time.Hour, false); err != nil || st.Deleted != 0 || !has(strayHash) {
		t.Fatalf("young objects are kept: %+v, %v", st, err)
	}
	if st, err := env.App.CollectSiteObjects(ctx, 0, false); err != nil || st.Deleted != 1 || has(strayHash) {
		t.Fatalf("collect: %+v, %v", st, err)
	}
	for _, h := range needed {
		if !has(h) {
			t.Fatalf("object %s of a kept deployment was deleted", h)
		}
	}
	if res, body := get(t, env.URL+"/s/"+site.Slug+"/production/"); res.StatusCode != 200 || !strings.Contains(body, "Version B") {
		t.Fatalf("live site after collection: %d", res.StatusCode)
	}

	// A deleted site's files go at the next collection.
	admin.Do(t, "DELETE", "/api/v1/sites/"+site.ID, nil).Want(t, 204)
	if st, err := env.App.CollectSiteObjects(ctx, 0, false); err != nil || st.Deleted == 0 {
		t.Fatalf("after deleting the site: %+v, %v", st, err)
	}
	left, err := blobs.List(ctx, "objects/")
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 1 || left[0].Key != "objects/NOTES" {
		t.Fatalf("left after deleting the only site: %v", left)
	}
}

// TestOrphanedQueuedDeployments: a queued deployment whose job is gone
// (or died with the process before the deployment left the queue) is
// marked failed when the server starts, on both databases; one whose job
// is still waiting is left alone.
func TestOrphanedQueuedDeployments(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		opts []apptest.Option
	}{
		{"sqlite", nil},
		{"postgres", []apptest.Option{apptest.WithDatabase(apptest.FreshPostgres(t))}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := apptest.New(t, tc.opts...)
			admin := env.Setup(t)
			site, a, _ := twoDeployments(t, env, admin)
			ctx := t.Context()
			// Two queued deployments made as the store makes them, minus
			// the job: one keeps a job scheduled for later, one has none.
			insert := func(id string) {
				_, err := env.App.DB.W.ExecContext(ctx, `INSERT INTO deployments (id, site_id, environment_id, kind, source_deployment_id, status,
					stages, progress, artifact_hash, manifest_hash, stats, message, error, triggered_by, created_at)
					SELECT $1, site_id, environment_id, 'build', '', 'queued', stages, 0, '', '', stats, '', '', triggered_by, $2
					FROM deployments WHERE id = $3`, id, time.Now().Add(-time.Minute).UTC(), a.ID)
				if err != nil {
					t.Fatal(err)
				}
			}
			waiting, orphan := "01a00000-0000-7000-8000-00000000000a", "01a00000-0000-7000-8000-00000000000b"
			insert(waiting)
			insert(orphan)
			if _, err := env.App.Jobs.Insert(ctx, jobs.SiteDeploy{DeploymentID: waiting}, &river.InsertOpts{ScheduledAt: time.Now().Add(time.Hour)}); err != nil {
				t.Fatal(err)
			}
			n, err := env.App.Deployments.FailInterrupted(ctx, true)
			if err != nil || n != 1 {
				t.Fatalf("FailInterrupted = %d, %v; want 1", n, err)
			}
			var d deploymentBody
			admin.Do(t, "GET", "/api/v1/deployments/"+orphan, nil).Want(t, 200).JSON(t, &d)
			if d.Status != "failed" || !strings.Contains(d.Error, "lost before it started") {
				t.Errorf("orphan: %s %q", d.Status, d.Error)
			}
			admin.Do(t, "GET", "/api/v1/deployments/"+waiting, nil).Want(t, 200).JSON(t, &d)
			if d.Status != "queued" {
				t.Errorf("waiting deployment: %s", d.Status)
			}
			// The live deployment is untouched.
			if res, body := get(t, env.URL+"/s/"+site.Slug+"/production/"); res.StatusCode != 200 || !strings.Contains(body, "Version B") {
				t.Errorf("live site: %d", res.StatusCode)
			}
		})
	}
}
