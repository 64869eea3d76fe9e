package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/pagewright/pagewright/internal/blob"
	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/errs"
	"github.com/pagewright/pagewright/internal/guard"
	"github.com/pagewright/pagewright/internal/jobs"
	"github.com/pagewright/pagewright/internal/preview"
	"github.com/pagewright/pagewright/internal/render"
	"github.com/pagewright/pagewright/internal/render/component"
	"github.com/pagewright/pagewright/internal/sqlstore"
	"github.com/pagewright/pagewright/internal/template"
	"github.com/pagewright/pagewright/internal/template/builtin"
	"github.com/pagewright/pagewright/internal/token"
)

// setupTemplates wires the marketplace: documents are checked like page
// saves, publishing reads pages through the page service (so its access
// check applies), and a new version queues its thumbnail.
func (a *App) setupTemplates(g guard.Guard, docs documents) {
	a.Templates = &template.Service{
		Store: sqlstore.Templates{DB: a.DB},
		Auth:  g,
		Now:   time.Now,
		LoadPage: func(ctx context.Context, pageID string) (template.Source, error) {
			d, err := a.Pages.GetDocument(ctx, pageID)
			if err != nil {
				return template.Source{}, err
			}
			return template.Source{SiteID: d.SiteID, Title: d.Title, Document: d.JSON}, nil
		},
		Prepare: func(ctx context.Context, siteID string, b []byte) ([]byte, error) {
			// A template is new content for the site: an Embed in it needs
			// an Admin, as a newly added Embed does.
			return docs.validate(ctx, siteID, b, func() ([]byte, error) { return doc.New(""), nil })
		},
		Extract: extractTemplate,
		BeforeInstall: func(ctx context.Context, siteID string, b []byte) ([]byte, []string, error) {
			return uniqueFormIDs(ctx, sqlstore.Pages{DB: a.DB}, siteID, b)
		},
		SiteName: sqlstore.Sites{DB: a.DB}.SiteName,
		Changed: func(ctx context.Context, _ string) {
			a.queueThumbnails(ctx)
		},
	}
}

// seedTemplates adds the shipped templates, or their new versions. Another
// instance starting at the same time may seed first: its rows are as good.
func (a *App) seedTemplates(ctx context.Context) error {
	list, err := builtin.All()
	if err != nil {
		return err
	}
	in := make([]template.Builtin, len(list))
	for i, b := range list {
		in[i] = template.Builtin{Slug: b.Slug, Name: b.Name, Description: b.Description, Category: b.Category, Kind: b.Kind, Tags: b.Tags, Document: b.Document}
	}
	_, err = a.Templates.Seed(ctx, in)
	if errors.Is(err, errs.ErrDuplicate) {
		return nil
	}
	return err
}

func (a *App) queueThumbnails(ctx context.Context) {
	if !a.Config.TemplateThumbnails || a.Jobs == nil {
		return
	}
	if _, err := a.Jobs.Insert(ctx, jobs.TemplateThumbnails{}, nil); err != nil {
		a.Log.Warn("queue template thumbnails", "err", err)
	}
}

// extractTemplate makes a template document from a page document: the
// whole page, or a page holding only node's subtree. Images from the
// site's library are left out, since the template may be installed into
// another site; the warning says so.
func extractTemplate(b []byte, node, title string) ([]byte, []string, error) {
	d, _, err := doc.Parse(b)
	if err != nil {
		return nil, nil, err
	}
	if node != "" {
		n := d.Nodes[node]
		if n == nil || node == d.Root {
			return nil, nil, errs.Invalid("template.invalid", "Some fields need attention.", errs.Field("node", "Choose a section of the page.", node))
		}
		keep := map[string]*doc.Node{d.Root: d.Nodes[d.Root]}
		for _, id := range doc.Subtree(d, node) {
			keep[id] = d.Nodes[id]
		}
		top := *n
		top.Parent, top.Pos = d.Root, "a0"
		keep[node] = &top
		d.Nodes = keep
		d.Meta.Title, d.Meta.Description, d.Meta.OGImage = title, "", ""
	}
	images := 0
	for _, n := range d.Nodes {
		images += dropAssets(n.Props)
	}
	if _, ok := component.AssetRef(d.Meta.OGImage); ok {
		d.Meta.OGImage = ""
		images++
	}
	out, err := json.Marshal(d)
	if err != nil {
		return nil, nil, err
	}
	var warnings []string
	if images > 0 {
		warnings = append(warnings, fmt.Sprintf("%d image%s from the site's library %s left out: a template may be installed into any site. Add images after installing.",
			images, plural(images), map[bool]string{true: "was", false: "were"}[images == 1]))
	}
	return out, warnings, nil
}

// uniqueFormIDs renames the forms of a template document whose ids a page
// of the site already uses ("contact" becomes "contact-2"): submissions are
// kept per site and form id, and a patient's message must not land among
// another form's.
func uniqueFormIDs(ctx context.Context, pages sqlstore.Pages, siteID string, b []byte) ([]byte, []string, error) {
	if !bytes.Contains(b, []byte(`"Form"`)) {
		return b, nil, nil
	}
	docs, err := pages.SiteDocuments(ctx, siteID)
	if err != nil {
		return nil, nil, err
	}
	used := map[string]bool{}
	for _, pd := range docs {
		if !bytes.Contains(pd.JSON, []byte(`"Form"`)) {
			continue
		}
		d, _, err := doc.Parse(pd.JSON)
		if err != nil {
			continue // a page that no longer parses has no forms to clash with
		}
		for _, id := range formIDs(d) {
			used[id] = true
		}
	}
	d, _, err := doc.Parse(b)
	if err != nil {
		return nil, nil, err
	}
	var notes []string
	ids := slices.Sorted(maps.Keys(d.Nodes))
	for _, nid := range ids {
		n := d.Nodes[nid]
		if n.Type != "Form" {
			continue
		}
		id, _ := n.Props["formId"].(string)
		if id == "" {
			continue
		}
		if used[id] {
			k := 2
			for used[fmt.Sprintf("%s-%d", id, k)] {
				k++
			}
			renamed := fmt.Sprintf("%s-%d", id, k)
			n.Props["formId"] = renamed
			notes = append(notes, fmt.Sprintf("This site already has a form “%s”, so this page's form is “%s”: their submissions stay apart.", id, renamed))
			id = renamed
		}
		used[id] = true
	}
	if notes == nil {
		return b, nil, nil
	}
	out, err := json.Marshal(d)
	return out, notes, err
}

func formIDs(d *doc.Document) []string {
	var out []string
	for _, n := range d.Nodes {
		if n.Type == "Form" {
			if id, _ := n.Props["formId"].(string); id != "" {
				out = append(out, id)
			}
		}
	}
	return out
}

// dropAssets removes every "asset:<id>" value from props (and the list
// items that hold one), and counts them.
func dropAssets(props map[string]any) int {
	n := 0
	for k, v := range props {
		switch x := v.(type) {
		case string:
			if _, ok := component.AssetRef(x); ok {
				delete(props, k)
				n++
			}
		case []any:
			kept := x[:0]
			for _, it := range x {
				if m, ok := it.(map[string]any); ok {
					if c := dropAssets(m); c > 0 {
						n += c
						continue
					}
				}
				kept = append(kept, it)
			}
			props[k] = kept
		case map[string]any:
			n += dropAssets(x)
		}
	}
	return n
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// thumbnails renders template thumbnails with headless Chromium: each
// template's current version, in the default design system, at 1280×960
// CSS pixels and half scale.
type thumbnails struct {
	store   sqlstore.Templates
	blobs   blob.Store
	enabled bool
	symbols func(ctx context.Context, refs []string) (render.SymbolResolver, error)
}

func chromium() string {
	if p := os.Getenv("PAGEWRIGHT_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// RenderMissing renders what is missing; without Chromium it does nothing
// and the marketplace shows live previews.
func (th thumbnails) RenderMissing(ctx context.Context) (int, error) {
	exe := chromium()
	if !th.enabled || exe == "" {
		return 0, nil
	}
	list, err := th.store.MissingThumbnails(ctx, 100)
	if err != nil || len(list) == 0 {
		return 0, err
	}
	dir, err := os.MkdirTemp("", "pagewright-thumbs-")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx, chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(dir),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("disable-extensions", true),
		// The page is ours, rendered from a template: it needs nothing from
		// the network, and gets nothing.
		chromedp.ProxyServer("127.0.0.1:9"), chromedp.Flag("proxy-bypass-list", "<-loopback>"))
	defer cancelAlloc()
	bctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	if err := chromedp.Do(bctx, chromedp.EmulateViewport(1280, 960, chromedp.EmulateScale(0.5))); err != nil {
		return 0, fmt.Errorf("start %s: %w", exe, err)
	}
	sys := token.Default()
	n := 0
	for _, t := range list {
		v, err := th.store.GetVersion(ctx, t.ID, t.Version)
		if err != nil {
			return n, err
		}
		d, _, err := doc.Parse(v.Document)
		if err != nil {
			return n, err
		}
		syms, err := th.symbols(ctx, render.InstanceRefs(d))
		if err != nil {
			return n, err
		}
		html, err := preview.PageWith(d, sys, preview.Options{Symbols: syms})
		if err != nil {
			// A template that no longer renders (a component changed)
			// keeps the live preview; the others still get theirs.
			continue
		}
		file := filepath.Join(dir, "page.html")
		if err := os.WriteFile(file, []byte(html), 0o600); err != nil {
			return n, err
		}
		tctx, tcancel := context.WithTimeout(bctx, 20*time.Second)
		err = chromedp.Do(tctx, chromedp.Navigate("file://"+file), chromedp.Sleep(150*time.Millisecond))
		var png []byte
		if err == nil {
			png, err = chromedp.Run(tctx, chromedp.CaptureScreenshot())
		}
		tcancel()
		if err != nil {
			return n, fmt.Errorf("thumbnail of %s: %w", t.Slug, err)
		}
		key := "templates/" + t.ID + "/" + strings.ReplaceAll(t.Version, ".", "-") + ".png"
		if _, err := th.blobs.Put(ctx, key, bytes.NewReader(png), int64(len(png)), "image/png"); err != nil {
			return n, err
		}
		if err := th.store.SetThumbnail(ctx, t.ID, t.Version, key); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
