package app

// Publishing: the deploy service's builder (sitebuild over the pages,
// design system, images and blob store), the site server's routing table
// (swapped in one step when a deployment goes live) and its viewer.

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/google/uuid"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/asset"
	"github.com/pagewright/pagewright/internal/blob"
	"github.com/pagewright/pagewright/internal/deploy"
	"github.com/pagewright/pagewright/internal/designsystem"
	"github.com/pagewright/pagewright/internal/environment"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/httpapi"
	"github.com/pagewright/pagewright/internal/render"
	"github.com/pagewright/pagewright/internal/secret"
	"github.com/pagewright/pagewright/internal/sitebuild"
	"github.com/pagewright/pagewright/internal/siteserver"
	"github.com/pagewright/pagewright/internal/sqlstore"
	"github.com/pagewright/pagewright/internal/user"
	"github.com/pagewright/pagewright/internal/version"
)

// siteObjects is where build objects live in the blob store:
// objects/<hash[:2]>/<hash>, one pool for every site. An object is named
// by its content, so sharing is safe, and promotion or rollback between
// environments copies nothing.
func siteObjects(b blob.Store, _ string) sitebuild.BlobObjects {
	return sitebuild.BlobObjects{Store: b, Prefix: "objects/"}
}

// deployEnvs is the environments side of the deploy service.
type deployEnvs struct{ svc *environment.Service }

func (d deployEnvs) Env(ctx context.Context, siteID, ref string) (deploy.Env, error) {
	env, name, slug, err := d.svc.Find(ctx, siteID, ref)
	if err != nil {
		return deploy.Env{}, err
	}
	return toDeployEnv(d.svc, env, name, slug), nil
}

func (d deployEnvs) EnvByID(ctx context.Context, id string) (deploy.Env, error) {
	env, err := d.svc.Store.GetEnvironment(ctx, id)
	if err == errs.ErrNoRows {
		return deploy.Env{}, errs.NotFound("environment")
	} else if err != nil {
		return deploy.Env{}, err
	}
	name, slug, err := d.svc.Sites.SiteInfo(ctx, env.SiteID)
	if err != nil {
		return deploy.Env{}, err
	}
	return toDeployEnv(d.svc, env, name, slug), nil
}

func toDeployEnv(svc *environment.Service, env environment.Environment, siteName, siteSlug string) deploy.Env {
	return deploy.Env{ID: env.ID, SiteID: env.SiteID, Slug: env.Slug, Name: env.Name, Kind: env.Kind, RequiresApproval: env.RequiresApproval,
		LiveDeploymentID: env.LiveDeploymentID, URL: svc.URLFor(env, siteSlug), SiteName: siteName}
}

// builder carries out deployments' stages.
type builder struct {
	envs     *environment.Service
	pages    sqlstore.Pages
	designs  *designsystem.Service
	assets   *asset.Service
	versions *version.Service
	blobs    blob.Store
	// noPin leaves version history alone (a build to a folder publishes nothing).
	noPin bool
	// symbols loads the component versions the pages' instances use.
	symbols func(ctx context.Context, refs []string) (render.SymbolResolver, error)
}

// homeSlugs are the page addresses served at the site's root.
var homeSlugs = map[string]bool{"home": true, "index": true}

// pagePaths gives every page its URL path: "home" or "index" (else the
// oldest page) is "/", the others "/<slug>/".
func pagePaths(docs []sqlstore.PageDocument) map[string]string {
	out := make(map[string]string, len(docs))
	home := ""
	for _, d := range docs {
		if homeSlugs[d.Slug] && home == "" {
			home = d.ID
		}
	}
	if home == "" && len(docs) > 0 {
		home = docs[0].ID // oldest first
	}
	for _, d := range docs {
		if d.ID == home {
			out[d.ID] = "/"
		} else {
			out[d.ID] = "/" + d.Slug + "/"
		}
	}
	return out
}

func (b *builder) Build(ctx context.Context, env deploy.Env, previous string, progress func(done, total int), log func(string)) (deploy.BuildOutput, error) {
	docs, err := b.pages.SiteDocuments(ctx, env.SiteID)
	if err != nil {
		return deploy.BuildOutput{}, err
	}
	if len(docs) == 0 {
		return deploy.BuildOutput{}, errors.New("the site has no pages yet: add a page, then deploy")
	}
	ds, err := b.designs.Get(access.WithActor(ctx, systemActor), env.SiteID)
	if err != nil {
		return deploy.BuildOutput{}, fmt.Errorf("design system: %w", err)
	}
	sys, err := designsystem.System(ds)
	if err != nil {
		return deploy.BuildOutput{}, fmt.Errorf("design system: %w", err)
	}
	objs := siteObjects(b.blobs, env.SiteID)
	var prev *sitebuild.Manifest
	if previous != "" {
		if m, err := loadManifest(ctx, objs, previous); err == nil {
			prev = m
		}
	}
	// Canonical links name the production URL whichever environment the
	// artifact is built for, so that promoting it changes nothing in it.
	baseURL := env.URL
	if prod, _, slug, err := b.envs.Find(ctx, env.SiteID, environment.KindProduction); err == nil {
		baseURL = b.envs.URLFor(prod, slug)
	}
	if !strings.HasPrefix(baseURL, "http://") && !strings.HasPrefix(baseURL, "https://") {
		baseURL = "" // no public URL configured (PAGEWRIGHT_BASE_URL): no sitemap, no canonical links
		log("No public URL is configured (PAGEWRIGHT_BASE_URL), so the build has no sitemap.xml and no canonical links.")
	}
	paths := pagePaths(docs)
	in := sitebuild.Input{SiteID: env.SiteID, BuildID: uuid.Must(uuid.NewV7()).String(), BaseURL: strings.TrimSuffix(baseURL, "/"),
		Tokens: sys, Assets: buildAssets{svc: b.assets, blobs: b.blobs, siteID: env.SiteID}, Previous: prev, Progress: progress}
	var refs []string
	for _, d := range docs {
		in.Pages = append(in.Pages, sitebuild.Page{ID: d.ID, Title: d.Title, Path: paths[d.ID], Document: d.JSON})
		refs = append(refs, render.RefsInJSON(d.JSON)...)
	}
	if b.symbols != nil {
		if in.Symbols, err = b.symbols(ctx, refs); err != nil {
			return deploy.BuildOutput{}, err
		}
	}
	log(fmt.Sprintf("Rendering %d pages on every core.", len(in.Pages)))
	m, st, err := sitebuild.Build(ctx, in, objs)
	if err != nil {
		return deploy.BuildOutput{}, err
	}
	hash, err := storeManifest(ctx, objs, m)
	if err != nil {
		return deploy.BuildOutput{}, err
	}
	out := deploy.BuildOutput{ArtifactHash: hash, Stats: deploy.Stats{Pages: st.Pages, Rendered: st.Rendered, Reused: st.Reused, Files: st.Files,
		NewObjects: st.NewObjects, Bytes: st.Bytes, BuildMs: st.Duration.Milliseconds()}}
	byID := map[string]sitebuild.PageEntry{}
	for _, p := range m.Pages {
		byID[p.PageID] = p
	}
	// Every published page's version is pinned: history shows what went out.
	for _, d := range docs {
		ps := deploy.PageState{PageID: d.ID, Title: d.Title, Path: paths[d.ID], DocHash: byID[d.ID].DocHash}
		if b.noPin {
			out.Pages = append(out.Pages, ps)
			continue
		}
		if v, err := b.versions.Pin(ctx, d.ID, version.KindPublish, "Deployed to "+env.Name); err == nil {
			ps.VersionID, ps.VersionNo = v.ID, v.Number
		} else {
			log(fmt.Sprintf("Could not pin the version of %q: %v", d.Title, err))
		}
		out.Pages = append(out.Pages, ps)
	}
	if err := b.saveForms(ctx, env, hash, docs, paths, log); err != nil {
		return deploy.BuildOutput{}, err
	}
	return out, nil
}

// systemActor reads what a deploy needs (the deploy was authorised when it
// was created or approved).
var systemActor = &access.Actor{UserID: "system", Name: "Pagewright", Role: access.RoleAdmin}

func storeManifest(ctx context.Context, objs sitebuild.Objects, m *sitebuild.Manifest) (string, error) {
	b, err := json.Marshal(m)
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256(b)
	h := hex.EncodeToString(sum[:])
	if ok, err := objs.Has(ctx, h); err != nil {
		return "", err
	} else if !ok {
		if err := objs.Put(ctx, h, b); err != nil {
			return "", err
		}
	}
	return h, nil
}

func loadManifest(ctx context.Context, objs sitebuild.Objects, hash string) (*sitebuild.Manifest, error) {
	b, err := objs.Get(ctx, hash)
	if err != nil {
		return nil, err
	}
	var m sitebuild.Manifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	return &m, nil
}

// Prepare makes the environment's manifest: the artifact as it is for
// production; elsewhere robots.txt shuts search engines out and there is
// no sitemap.
func (b *builder) Prepare(ctx context.Context, env deploy.Env, artifact string) (string, error) {
	if env.Kind == environment.KindProduction {
		return artifact, nil
	}
	objs := siteObjects(b.blobs, env.SiteID)
	m, err := loadManifest(ctx, objs, artifact)
	if err != nil {
		return "", fmt.Errorf("read the artifact: %w", err)
	}
	robots := []byte("# " + env.Name + " is not for search engines.\nUser-agent: *\nDisallow: /\n")
	sum := sha256.Sum256(robots)
	h := hex.EncodeToString(sum[:])
	if err := objs.Put(ctx, h, robots); err != nil {
		return "", err
	}
	m.Files["/robots.txt"] = sitebuild.File{Hash: h, Size: int64(len(robots)), Type: "text/plain; charset=utf-8"}
	delete(m.Files, "/sitemap.xml")
	return storeManifest(ctx, objs, m)
}

func (b *builder) Changes(ctx context.Context, live, next string) (string, error) {
	if live == "" {
		return "First deployment of this environment.", nil
	}
	objs := siteObjects(b.blobs, "")
	was, err := loadManifest(ctx, objs, live)
	if err != nil {
		return "The live deployment's manifest could not be read; comparing is skipped.", nil
	}
	now, err := loadManifest(ctx, objs, next)
	if err != nil {
		return "", err
	}
	old := map[string]string{}
	for _, p := range was.Pages {
		old[p.PageID] = p.InputKey
	}
	var changed, added int
	for _, p := range now.Pages {
		k, ok := old[p.PageID]
		switch {
		case !ok:
			added++
		case k != p.InputKey:
			changed++
		}
		delete(old, p.PageID)
	}
	return fmt.Sprintf("Against the live deployment: %d pages changed, %d added, %d removed.", changed, added, len(old)), nil
}

// Verify serves every file of the manifest through the site server, as a
// visitor would get it, before anything goes live.
func (b *builder) Verify(ctx context.Context, env deploy.Env, manifest string, log func(string)) error {
	objs := siteObjects(b.blobs, env.SiteID)
	m, err := loadManifest(ctx, objs, manifest)
	if err != nil {
		return fmt.Errorf("read the manifest: %w", err)
	}
	srv := &siteserver.Server{Objects: objs, Resolver: fixedLive{siteserver.Live{SiteID: env.SiteID, SiteSlug: "check", Env: env.Slug,
		DeploymentID: "candidate", ManifestHash: manifest, Access: siteserver.Access{Mode: siteserver.AccessPublic}}}, CacheBytes: -1}
	paths := make([]string, 0, len(m.Files))
	for p := range m.Files {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		f := m.Files[p]
		target := "/s/check/" + env.Slug + p
		req := httptest.NewRequest(http.MethodGet, target, nil).WithContext(ctx)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		body, _ := io.ReadAll(rec.Result().Body)
		if rec.Code != http.StatusOK {
			return fmt.Errorf("%s answered %d", p, rec.Code)
		}
		sum := sha256.Sum256(body)
		if hex.EncodeToString(sum[:]) != f.Hash {
			return fmt.Errorf("%s did not arrive whole (%d of %d bytes)", p, len(body), f.Size)
		}
	}
	log(fmt.Sprintf("All %d files served whole.", len(paths)))
	return nil
}

type fixedLive struct{ live siteserver.Live }

func (f fixedLive) ByPrefix(context.Context, string, string) (siteserver.Live, bool, error) {
	return f.live, true, nil
}
func (f fixedLive) ByHost(context.Context, string) (siteserver.Live, bool, error) {
	return siteserver.Live{}, false, nil
}

// buildAssets gives the build a site's images.
type buildAssets struct {
	svc    *asset.Service
	blobs  blob.Store
	siteID string
}

func (a buildAssets) Asset(ctx context.Context, id string) (sitebuild.Asset, bool, error) {
	x, err := a.svc.Store.GetAsset(ctx, id)
	if err == errs.ErrNoRows {
		return sitebuild.Asset{}, false, nil
	} else if err != nil {
		return sitebuild.Asset{}, false, err
	}
	if x.SiteID != a.siteID {
		return sitebuild.Asset{}, false, nil
	}
	out := sitebuild.Asset{ID: x.ID, Alt: x.Alt, ContentType: x.ContentType, SHA256: x.SHA256, Width: x.Width, Height: x.Height}
	for _, v := range x.Variants {
		out.Variants = append(out.Variants, sitebuild.AssetVariant{Width: v.Width, Height: v.Height, ContentType: v.ContentType})
	}
	return out, true, nil
}

func (a buildAssets) Open(ctx context.Context, id string, width int, contentType string) ([]byte, error) {
	key := asset.OriginalKey(a.siteID, id)
	if width > 0 {
		key = asset.VariantFileKey(a.siteID, id, width, contentType)
	}
	rc, _, err := a.blobs.Get(ctx, key)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// deployer runs the site.deploy job.
type deployer struct {
	svc *deploy.Service
	b   *builder
}

func (d deployer) RunDeployment(ctx context.Context, id string) error { return d.svc.Run(ctx, id, d.b) }

// liveTable is the site server's routing table: every environment with a
// live deployment, by prefix and by domain. It is rebuilt from the
// database and swapped in one atomic step when a deployment goes live (and
// every few seconds, for deployments another instance activated).
type liveTable struct {
	envs sqlstore.Environments
	cur  atomic.Pointer[liveSnapshot]
	mu   sync.Mutex
}

type liveSnapshot struct {
	byPrefix map[string]siteserver.Live
	byHost   map[string]siteserver.Live
	noIndex  map[string]bool
}

func (t *liveTable) reload(ctx context.Context) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	rows, err := t.envs.LiveEnvironments(ctx)
	if err != nil {
		return err
	}
	s := &liveSnapshot{byPrefix: map[string]siteserver.Live{}, byHost: map[string]siteserver.Live{}, noIndex: map[string]bool{}}
	for _, r := range rows {
		l := siteserver.Live{SiteID: r.SiteID, SiteSlug: r.SiteSlug, Env: r.EnvSlug, DeploymentID: r.DeploymentID, ManifestHash: r.ManifestHash,
			Access: siteserver.Access{Mode: r.AccessMode}, NoIndex: r.Kind != environment.KindProduction}
		if r.AccessRoles != "" {
			l.Access.Roles = strings.Split(r.AccessRoles, ",")
		}
		s.byPrefix[r.SiteSlug+"/"+r.EnvSlug] = l
		if r.Domain != "" {
			s.byHost[r.Domain] = l
		}
	}
	t.cur.Store(s)
	return nil
}

func (t *liveTable) snapshot() *liveSnapshot {
	if s := t.cur.Load(); s != nil {
		return s
	}
	return &liveSnapshot{}
}

func (t *liveTable) ByPrefix(_ context.Context, site, env string) (siteserver.Live, bool, error) {
	l, ok := t.snapshot().byPrefix[site+"/"+env]
	return l, ok, nil
}

func (t *liveTable) ByHost(_ context.Context, host string) (siteserver.Live, bool, error) {
	l, ok := t.snapshot().byHost[host]
	return l, ok, nil
}

// sessionViewer tells the site server who is signed in to Pagewright.
type sessionViewer struct{ users *user.Service }

func (v sessionViewer) Role(r *http.Request) (string, bool) {
	c, err := r.Cookie(httpapi.SessionCookie)
	if err != nil || c.Value == "" {
		return "", false
	}
	actor, _, err := v.users.AuthenticateSession(r.Context(), c.Value)
	if err != nil || !actor.Authenticated() {
		return "", false
	}
	return string(actor.Role), true
}

// BuildSite builds a site for one of its environments and writes the
// artifact to a folder (`pagewright build`): the same files a deployment
// serves, with .br and .gz copies beside them.
func (a *App) BuildSite(ctx context.Context, siteSlug, envSlug, out string, progress func(done, total int)) (deploy.Stats, error) {
	siteID, err := sqlstore.Sites{DB: a.DB}.SiteIDBySlug(ctx, siteSlug)
	if err == errs.ErrNoRows {
		return deploy.Stats{}, fmt.Errorf("there is no site %q", siteSlug)
	} else if err != nil {
		return deploy.Stats{}, err
	}
	env, name, slug, err := a.Environments.Find(ctx, siteID, envSlug)
	if err != nil {
		return deploy.Stats{}, fmt.Errorf("site %q has no environment %q", siteSlug, envSlug)
	}
	b := &builder{envs: a.Environments, pages: sqlstore.Pages{DB: a.DB}, designs: a.DesignSystems, assets: a.Assets,
		versions: a.Versions, blobs: a.Blobs, noPin: true, symbols: a.symbolsFor}
	de := toDeployEnv(a.Environments, env, name, slug)
	built, err := b.Build(ctx, de, "", progress, func(string) {})
	if err != nil {
		return deploy.Stats{}, err
	}
	manifest, err := b.Prepare(ctx, de, built.ArtifactHash)
	if err != nil {
		return deploy.Stats{}, err
	}
	objs := siteObjects(a.Blobs, siteID)
	m, err := loadManifest(ctx, objs, manifest)
	if err != nil {
		return deploy.Stats{}, err
	}
	return built.Stats, sitebuild.Export(ctx, m, objs, out)
}

// RotateSecrets re-seals every environment secret with a new key, in one
// transaction (`pagewright secrets rotate`).
func (a *App) RotateSecrets(ctx context.Context, newKey []byte) (int, error) {
	from, err := secret.New(a.SecretKey)
	if err != nil {
		return 0, err
	}
	to, err := secret.New(newKey)
	if err != nil {
		return 0, err
	}
	ctx = access.WithActor(ctx, systemActor)
	// Form submissions first: if the environment secrets then fail, the
	// submissions are sealed back with the current key.
	nf, err := a.RotateFormSubmissions(ctx, from, to)
	if err != nil {
		return 0, err
	}
	n, err := environment.Rotate(ctx, sqlstore.Environments{DB: a.DB}, from, to)
	if err != nil {
		if _, rerr := a.RotateFormSubmissions(ctx, to, from); rerr != nil {
			return 0, fmt.Errorf("%w (and sealing the form submissions back failed: %v)", err, rerr)
		}
		return 0, err
	}
	n += nf
	// The email password last: if it fails, the environment secrets are
	// already re-sealed, and the message says to set the email password
	// again rather than leave a value no key opens.
	if ok, err := a.Mail.Reseal(ctx, to); err != nil {
		return n, fmt.Errorf("environment secrets re-sealed, but the email password was not (%v): set it again in Settings › Email after the restart", err)
	} else if ok {
		n++
	}
	return n, nil
}
