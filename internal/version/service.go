package version

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/docdiff"
	"github.com/pagewright/pagewright/internal/errs"
)

// cacheBytes bounds the documents the service keeps decoded.
const cacheBytes = 64 << 20

func (s *Service) docs() *docCache {
	s.cacheOnce.Do(func() {
		size := s.CacheBytes
		if size == 0 {
			size = cacheBytes
		}
		s.cache = newDocCache(size)
	})
	return s.cache
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now().UTC()
	}
	return s.Now().UTC()
}

func (s *Service) autosaveEvery() time.Duration {
	if s.AutosaveEvery > 0 {
		return s.AutosaveEvery
	}
	return AutosaveEvery
}

func (s *Service) keyframeEvery() int {
	if s.KeyframeEvery > 0 {
		return s.KeyframeEvery
	}
	return KeyframeEvery
}

func (s *Service) log() *slog.Logger {
	if s.Logger == nil {
		return slog.Default()
	}
	return s.Logger
}

func unauthenticated() error {
	return errs.New(errs.KindUnauthenticated, "auth.unauthenticated", "Sign in to continue.")
}

// page loads a page and checks the actor may do action on it.
func (s *Service) page(ctx context.Context, pageID string, action access.Action) (PageInfo, error) {
	if !access.ActorFrom(ctx).Authenticated() {
		return PageInfo{}, unauthenticated()
	}
	p, err := s.Pages.PageInfo(ctx, pageID)
	if err == errs.ErrNoRows {
		return PageInfo{}, errs.NotFound("page")
	} else if err != nil {
		return PageInfo{}, err
	}
	return p, s.Auth.Authorize(ctx, action, access.Page(p.ID, p.SiteID), p.Title)
}

// version loads a version and checks the actor may do action on its page.
func (s *Service) version(ctx context.Context, id string, action access.Action) (Version, PageInfo, error) {
	if !access.ActorFrom(ctx).Authenticated() {
		return Version{}, PageInfo{}, unauthenticated()
	}
	v, err := s.Store.GetVersion(ctx, id)
	if err == errs.ErrNoRows {
		return Version{}, PageInfo{}, errs.NotFound("version")
	} else if err != nil {
		return Version{}, PageInfo{}, err
	}
	p, err := s.page(ctx, v.PageID, action)
	return v, p, err
}

// ofPage loads a version that must belong to the page.
func (s *Service) ofPage(ctx context.Context, pageID, id string) (Version, error) {
	v, err := s.Store.GetVersion(ctx, id)
	if err == errs.ErrNoRows {
		return Version{}, errs.NotFound("version")
	} else if err != nil {
		return Version{}, err
	}
	if v.PageID != pageID {
		return Version{}, otherPage(id)
	}
	return v, nil
}

func otherPage(id string) *errs.Error {
	return &errs.Error{Kind: errs.KindInvalid, Code: "version.other_page",
		Message: "Version " + id + " belongs to another page; use versions of this page.",
		Fields:  []errs.FieldError{{Location: "version", Message: "belongs to another page", Value: id}}}
}

func staleDocument() error {
	return &errs.Error{Kind: errs.KindPreconditionFailed, Code: "document.stale",
		Message: "Someone saved this page after you loaded it. Reload to see their changes; nothing was overwritten."}
}

func actorRef(ctx context.Context) *Person {
	if a := access.ActorFrom(ctx); a.Authenticated() {
		return &Person{ID: a.UserID, Name: a.Name}
	}
	return nil
}

// --- documents -------------------------------------------------------------

// load returns the document of a content of a page: from the cache, or
// replayed from the nearest cached or keyframe content of its chain. The
// result is checked against the hash, so a damaged chain is an error and
// never a silently different document. depth is the content's distance
// from its keyframe.
func (s *Service) load(ctx context.Context, pageID, hash string) (snap *snapshot, depth int, err error) {
	return s.loadWith(ctx, pageID, hash, nil)
}

// loadWith is load with a second, per-call cache (nil: none), so that
// reading two versions of one chain replays the second from the first even
// when the shared cache is off or full, and the two share unchanged nodes.
func (s *Service) loadWith(ctx context.Context, pageID, hash string, local map[string]*snapshot) (snap *snapshot, depth int, err error) {
	chain, err := s.Store.ContentChain(ctx, pageID, hash)
	if err != nil {
		return nil, 0, err
	}
	if len(chain) == 0 || chain[0].Hash != hash {
		return nil, 0, fmt.Errorf("version content %s of page %s: missing", hash, pageID)
	}
	depth = chain[0].Depth
	shared := s.docs()
	cache := localCache{shared: shared, local: local, page: pageID}
	if sn := cache.get(hash); sn != nil {
		return sn, depth, nil
	}
	for i := 0; i+1 < len(chain); i++ {
		if chain[i].BaseHash != chain[i+1].Hash {
			return nil, 0, fmt.Errorf("version content %s: chain broken at %s", hash, chain[i].Hash)
		}
	}
	last := len(chain) - 1
	if !chain[last].Keyframe() {
		return nil, 0, fmt.Errorf("version content %s: chain does not end at a keyframe", hash)
	}
	start, cur := last, (*snapshot)(nil)
	for i := 1; i <= last; i++ {
		if sn := cache.get(chain[i].Hash); sn != nil {
			start, cur = i, sn
			break
		}
	}
	if cur == nil {
		if cur, err = decodeKeyframe(chain[last]); err != nil {
			return nil, 0, err
		}
		cache.put(cur)
		if last == 0 {
			return cur, depth, nil
		}
	}
	d := cur.clone()
	for i := start - 1; i >= 0; i-- {
		if err := replay(d, chain[i]); err != nil {
			return nil, 0, err
		}
	}
	out, err := newSnapshot(d)
	if err != nil {
		return nil, 0, err
	}
	if out.hash != hash {
		return nil, 0, fmt.Errorf("version content %s: replay gives %s", hash, out.hash)
	}
	cache.put(out)
	return out, depth, nil
}

// localCache looks in a per-call map, then the shared cache.
type localCache struct {
	shared *docCache
	local  map[string]*snapshot
	page   string
}

func (c localCache) get(hash string) *snapshot {
	if sn := c.local[hash]; sn != nil {
		return sn
	}
	return c.shared.get(c.page, hash)
}

func (c localCache) put(sn *snapshot) {
	if c.local != nil {
		c.local[sn.hash] = sn
	}
	c.shared.put(c.page, sn)
}

// replay applies one delta content to d in place.
func replay(d *doc.Document, c Content) error {
	raw, err := decompress(c.Data)
	if err != nil {
		return err
	}
	var ops []doc.Op
	if err := json.Unmarshal(raw, &ops); err != nil {
		return fmt.Errorf("version content %s: ops: %w", c.Hash, err)
	}
	// The parent/child rules were checked when each document was saved;
	// replaying history must not depend on today's component registry.
	if err := doc.Apply(d, ops, doc.AnyChild); err != nil {
		return fmt.Errorf("version content %s: replay: %w", c.Hash, err)
	}
	return nil
}

// parse reads a stored or just-validated document into a snapshot.
func parse(b []byte) (*snapshot, error) {
	d, err := parseStored(b)
	if err != nil {
		return nil, err
	}
	return newSnapshot(d)
}

// encode stores next as a delta from base (a content of the page at the
// given depth), or whole when there is no base, the chain is long, the
// delta is not small or does not replay to exactly next.
func (s *Service) encode(next, base *snapshot, baseDepth int) Content {
	full := encodeKeyframe(next)
	if base == nil || baseDepth+1 >= s.keyframeEvery() {
		return full
	}
	ops := docdiff.Ops(base.doc, next.doc)
	d := base.clone()
	if err := doc.Apply(d, ops, doc.AnyChild); err != nil {
		s.log().Warn("version delta does not apply; storing a keyframe", "hash", next.hash, "err", err)
		return full
	}
	if got, err := newSnapshot(d); err != nil || got.hash != next.hash {
		s.log().Warn("version delta does not reproduce the document; storing a keyframe", "hash", next.hash)
		return full
	}
	raw, err := json.Marshal(ops)
	if err != nil {
		return full
	}
	data := compress(raw)
	if len(data) > len(full.Data)/2 {
		return full
	}
	return Content{Hash: next.hash, BaseHash: base.hash, Depth: baseDepth + 1, Size: int64(len(next.json)), Data: data}
}

// record stores a version of the document next, encoded against the
// branch head, and returns it. nv carries the version's fields; action
// names the audit entry.
func (s *Service) record(ctx context.Context, p PageInfo, next *snapshot, nv NewVersion, action string, extra map[string]any) (Version, error) {
	nv.ID = uuid.Must(uuid.NewV7()).String()
	nv.PageID = p.ID
	nv.Hash = next.hash
	nv.Size = int64(len(next.json))
	if nv.CreatedAt.IsZero() {
		nv.CreatedAt = s.now()
	}
	nv.CreatedAt = nv.CreatedAt.UTC().Truncate(time.Microsecond)
	if nv.Author == nil {
		nv.Author = actorRef(ctx)
	}
	if nv.Branch == "" {
		nv.Branch = Main
	}
	after := map[string]any{"versionId": nv.ID, "kind": nv.Kind, "branch": nv.Branch, "hash": nv.Hash}
	if nv.Message != "" {
		after["message"] = nv.Message
	}
	if len(nv.Tags) > 0 {
		after["tags"] = nv.Tags
	}
	for k, v := range extra {
		after[k] = v
	}
	var err error
	for range 3 {
		nv.Content, err = s.contentFor(ctx, p.ID, nv.Branch, next)
		if err != nil {
			return Version{}, err
		}
		e := audit.NewEntry(ctx, action, "page", p.ID, p.Title, audit.CategoryData, audit.SeverityLow)
		e.Changes = &audit.Changes{After: after}
		var v Version
		v, err = s.Store.CreateVersion(ctx, nv, e)
		if err == ErrBaseGone {
			continue // thinned meanwhile: encode against the new state
		}
		if err == nil {
			s.docs().put(p.ID, next)
		}
		return v, err
	}
	return Version{}, err
}

// contentFor encodes next against the head of the branch (nil when the
// head already has that content).
func (s *Service) contentFor(ctx context.Context, pageID, branch string, next *snapshot) (*Content, error) {
	head, err := s.Store.Head(ctx, pageID, branch)
	if err == errs.ErrNoRows {
		c := encodeKeyframe(next)
		return &c, nil
	} else if err != nil {
		return nil, err
	}
	if head.Hash == next.hash {
		return nil, nil
	}
	base, depth, err := s.load(ctx, pageID, head.Hash)
	if err != nil {
		return nil, err
	}
	c := s.encode(next, base, depth)
	return &c, nil
}

// current reads a page's document as a snapshot, with its revision.
func (s *Service) current(ctx context.Context, pageID string) (*snapshot, int64, error) {
	b, rev, err := s.Pages.Document(ctx, pageID)
	if err == errs.ErrNoRows {
		return nil, 0, errs.NotFound("page")
	} else if err != nil {
		return nil, 0, err
	}
	cache := s.docs()
	if snap := cache.getKey(revKey(pageID, rev)); snap != nil {
		return snap, rev, nil
	}
	snap, err := parse(b)
	if err != nil {
		return nil, 0, err
	}
	cache.putKey(revKey(pageID, rev), snap)
	return snap, rev, nil
}

// keepCurrent makes an autosave of the page document if it differs from
// the newest main version (or there is none), so that a restore or merge
// never overwrites changes that history has not seen.
func (s *Service) keepCurrent(ctx context.Context, p PageInfo, cur *snapshot, message string) error {
	_, err := s.record(ctx, p, cur, NewVersion{Version: Version{Branch: Main, Kind: KindAutosave, Message: message}, SkipSame: true},
		"version.create", nil)
	if err == ErrUnchanged {
		return nil
	}
	return err
}

// --- autosave, manual and pinned versions -----------------------------------

// DocumentSaved is the page service's hook after a document save commits:
// it makes an autosave version of the saved document unless the page's
// newest main version is younger than AutosaveEvery or has the same
// document. The save has happened, so failures are logged, not returned;
// the next save tries again.
func (s *Service) DocumentSaved(ctx context.Context, p PageInfo, saved []byte) {
	now := s.now()
	after := now.Add(-s.autosaveEvery())
	head, err := s.Store.Head(ctx, p.ID, Main)
	switch {
	case err == nil && head.CreatedAt.After(after):
		return // the common case costs one indexed read
	case err != nil && err != errs.ErrNoRows:
		s.log().WarnContext(ctx, "autosave version: read head", "page", p.ID, "err", err)
		return
	}
	snap, err := parse(saved)
	if err != nil {
		s.log().WarnContext(ctx, "autosave version: parse", "page", p.ID, "err", err)
		return
	}
	if err == nil && head.Hash == snap.hash {
		return
	}
	_, err = s.record(ctx, p, snap, NewVersion{Version: Version{Branch: Main, Kind: KindAutosave, CreatedAt: now},
		SkipAfter: &after, SkipSame: true}, "version.create", nil)
	if err != nil && err != ErrUnchanged {
		s.log().WarnContext(ctx, "autosave version", "page", p.ID, "err", err)
	}
}

// AutosavePending makes the autosave versions that saves could not make
// because the page's last version was then younger than AutosaveEvery:
// without it, the last edits before someone stops editing would reach
// history only with their next save, if ever, and what a page said in
// between would be lost. The periodic version.autosave job calls it, so a
// page's last state is versioned at most a few minutes after its last
// save. The versions are by the page's last editor, audited as the system.
func (s *Service) AutosavePending(ctx context.Context) (int, error) {
	now := s.now()
	pages, err := s.Store.Unversioned(ctx, now.Add(-7*24*time.Hour))
	if err != nil {
		return 0, err
	}
	after := now.Add(-s.autosaveEvery())
	made := 0
	for _, p := range pages {
		b, _, err := s.Pages.Document(ctx, p.ID)
		if err == errs.ErrNoRows {
			continue // deleted meanwhile
		} else if err != nil {
			return made, err
		}
		snap, err := parse(b)
		if err != nil {
			s.log().WarnContext(ctx, "pending autosave: parse", "page", p.ID, "err", err)
			continue
		}
		var author *Person
		if p.UpdatedBy != "" {
			author = &Person{ID: p.UpdatedBy}
		}
		_, err = s.record(ctx, p.PageInfo, snap, NewVersion{Version: Version{Branch: Main, Kind: KindAutosave, Author: author, CreatedAt: now},
			SkipAfter: &after, SkipSame: true}, "version.create", nil)
		switch err {
		case nil:
			made++
		case ErrUnchanged:
		default:
			if errs.Is(err, errs.KindNotFound) || err == errs.ErrNoRows {
				continue
			}
			return made, err
		}
	}
	return made, nil
}

// CreateInput is a manual version.
type CreateInput struct {
	Message string
	Tags    []string
}

// Create saves the page's current document as a manual version with a
// message (and optional tags).
func (s *Service) Create(ctx context.Context, pageID string, in CreateInput) (Version, error) {
	p, err := s.page(ctx, pageID, access.PageEdit)
	if err != nil {
		return Version{}, err
	}
	msg := strings.TrimSpace(in.Message)
	var fe []errs.FieldError
	if msg == "" || utf8.RuneCountInString(msg) > MaxMessage {
		fe = append(fe, errs.Field("message", fmt.Sprintf("Describe the version (1–%d characters).", MaxMessage), in.Message))
	}
	tags, tfe := checkTags(in.Tags)
	if len(fe)+len(tfe) > 0 {
		if len(tfe) > 0 && len(fe) == 0 {
			return Version{}, errs.Invalid("tag.invalid", "A tag may have "+TagRule+".", tfe...)
		}
		return Version{}, errs.Invalid("version.invalid", "Some fields need attention.", append(fe, tfe...)...)
	}
	cur, _, err := s.current(ctx, pageID)
	if err != nil {
		return Version{}, err
	}
	v, err := s.record(ctx, p, cur, NewVersion{Version: Version{Branch: Main, Kind: KindManual, Message: msg, Tags: tags}}, "version.create", nil)
	if err == errs.ErrDuplicate {
		return Version{}, errs.Conflict("tag.exists", "One of the tags is already on another version of this page. Move it from there first.")
	}
	return v, err
}

func checkTags(tags []string) ([]string, []errs.FieldError) {
	var fe []errs.FieldError
	out := []string{}
	for i, t := range tags {
		if !tagName.MatchString(t) {
			fe = append(fe, errs.FieldError{Location: fmt.Sprintf("body.tags[%d]", i), Message: "must have " + TagRule, Value: t})
			continue
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out, fe
}

// Pin makes sure the page's current document is a version of the given
// kind (KindPublish for a publish) and returns it: the newest main version
// when it already is one with the same document, a new version otherwise
// (whose content is shared, so pinning costs no document storage). Pin
// makes no access check of its own: the caller (the publish flow) has
// authorised the action, and the version is audited as the actor in ctx.
func (s *Service) Pin(ctx context.Context, pageID, kind, message string) (Version, error) {
	if !slices.Contains(Kinds, kind) {
		return Version{}, fmt.Errorf("version: pin: unknown kind %q", kind)
	}
	p, err := s.Pages.PageInfo(ctx, pageID)
	if err == errs.ErrNoRows {
		return Version{}, errs.NotFound("page")
	} else if err != nil {
		return Version{}, err
	}
	cur, _, err := s.current(ctx, pageID)
	if err != nil {
		return Version{}, err
	}
	if head, err := s.Store.Head(ctx, pageID, Main); err == nil && head.Hash == cur.hash && head.Kind == kind {
		return head, nil
	} else if err != nil && err != errs.ErrNoRows {
		return Version{}, err
	}
	return s.record(ctx, p, cur, NewVersion{Version: Version{Branch: Main, Kind: kind, Message: message}}, "version.create", nil)
}

// --- reading ----------------------------------------------------------------

// List returns a page's versions, newest first.
func (s *Service) List(ctx context.Context, pageID string, f Filter) ([]Version, error) {
	if _, err := s.page(ctx, pageID, access.PageView); err != nil {
		return nil, err
	}
	if f.Limit <= 0 || f.Limit > 201 {
		f.Limit = 50
	}
	return s.Store.ListVersions(ctx, pageID, f)
}

// Get returns a version and its document's JSON.
func (s *Service) Get(ctx context.Context, id string) (Version, []byte, error) {
	v, _, err := s.version(ctx, id, access.PageView)
	if err != nil {
		return Version{}, nil, err
	}
	snap, _, err := s.load(ctx, v.PageID, v.Hash)
	if err != nil {
		return Version{}, nil, err
	}
	return v, snap.json, nil
}

// Current is the "to" or "from" of a diff that means the page's document
// as it is now.
const Current = "current"

// Side is one end of a diff.
type Side struct {
	// Version is empty for the current page document.
	Version  *Version `json:"version,omitempty"`
	Current  bool     `json:"current"`
	Revision int64    `json:"revision,omitempty" doc:"The page document's revision, for the current document"`
	Hash     string   `json:"hash"`
}

// DiffResult compares two documents of a page.
type DiffResult struct {
	From    Side            `json:"from"`
	To      Side            `json:"to"`
	Changes docdiff.Result  `json:"changes"`
	Patch   json.RawMessage `json:"patch" doc:"RFC 6902 JSON Patch from the first document to the second"`
}

// Diff compares two versions of a page, or a version and the current
// document ("current").
func (s *Service) Diff(ctx context.Context, pageID, from, to string) (DiffResult, error) {
	if _, err := s.page(ctx, pageID, access.PageView); err != nil {
		return DiffResult{}, err
	}
	local := map[string]*snapshot{}
	a, sa, err := s.side(ctx, pageID, from, "from", local)
	if err != nil {
		return DiffResult{}, err
	}
	b, sb, err := s.side(ctx, pageID, to, "to", local)
	if err != nil {
		return DiffResult{}, err
	}
	p, err := patch(a, b)
	if err != nil {
		return DiffResult{}, err
	}
	return DiffResult{From: sa, To: sb, Changes: docdiff.Diff(a.doc, b.doc), Patch: p}, nil
}

func (s *Service) side(ctx context.Context, pageID, ref, param string, local map[string]*snapshot) (*snapshot, Side, error) {
	if ref == Current {
		cur, rev, err := s.current(ctx, pageID)
		if err != nil {
			return nil, Side{}, err
		}
		return cur, Side{Current: true, Revision: rev, Hash: cur.hash}, nil
	}
	v, err := s.ofPage(ctx, pageID, ref)
	if e, ok := err.(*errs.Error); ok && len(e.Fields) > 0 {
		e.Fields[0].Location = "query." + param
	}
	if err != nil {
		return nil, Side{}, err
	}
	snap, _, err := s.loadWith(ctx, pageID, v.Hash, local)
	if err != nil {
		return nil, Side{}, err
	}
	return snap, Side{Version: &v, Hash: v.Hash}, nil
}

// --- restore ----------------------------------------------------------------

// RestoreResult is the version a restore made and the page document's new
// revision (its new ETag).
type RestoreResult struct {
	Version  Version `json:"version"`
	Revision int64   `json:"revision"`
}

// Restore makes a version's document the page's current document, if the
// page document is still at revision want (its ETag), and records a restore
// version after the newest main version: history is never rewritten. When
// pageID is given it must be the version's page. Changes of the current
// document that no version has yet are kept first as an autosave.
func (s *Service) Restore(ctx context.Context, versionID, pageID string, want int64, message string) (RestoreResult, error) {
	v, p, err := s.version(ctx, versionID, access.PageEdit)
	if err != nil {
		return RestoreResult{}, err
	}
	if pageID != "" && pageID != v.PageID {
		e := otherPage(versionID)
		e.Fields[0].Location = "body.page"
		return RestoreResult{}, e
	}
	message = strings.TrimSpace(message)
	if utf8.RuneCountInString(message) > MaxMessage {
		return RestoreResult{}, errs.Invalid("version.invalid", "The message is too long.", errs.Field("message", fmt.Sprintf("at most %d characters", MaxMessage), nil))
	}
	if message == "" {
		message = fmt.Sprintf("Restored version %d", v.Number)
	}
	target, _, err := s.load(ctx, v.PageID, v.Hash)
	if err != nil {
		return RestoreResult{}, err
	}
	cur, rev, err := s.current(ctx, v.PageID)
	if err != nil {
		return RestoreResult{}, err
	}
	if rev != want {
		return RestoreResult{}, staleDocument()
	}
	// Check first, so that a version today's rules refuse (a token since
	// removed, an Embed an Editor may not add) changes nothing at all.
	clean, err := s.Validate(ctx, p.SiteID, target.json, func() ([]byte, error) { return cur.json, nil })
	if err != nil {
		return RestoreResult{}, err
	}
	if err := s.keepCurrent(ctx, p, cur, fmt.Sprintf("Before restoring version %d", v.Number)); err != nil {
		return RestoreResult{}, err
	}
	// The page document and the restore version are written together.
	rv, err := s.record(ctx, p, target, NewVersion{Version: Version{Branch: Main, Kind: KindRestore, Message: message, SourceID: v.ID},
		Document: &DocumentWrite{JSON: clean, Want: want}},
		"version.restore", map[string]any{"restored": v.ID, "restoredNumber": v.Number, "revision": want + 1})
	if err == errs.ErrStale {
		return RestoreResult{}, staleDocument()
	} else if err != nil {
		return RestoreResult{}, err
	}
	return RestoreResult{Version: rv, Revision: want + 1}, nil
}

// --- tags -------------------------------------------------------------------

// Tag puts a tag on a version. A tag is unique per page: one that another
// version has is moved when move is set, and a tag.exists conflict
// otherwise.
func (s *Service) Tag(ctx context.Context, versionID, tag string, move bool) (Version, error) {
	v, p, err := s.version(ctx, versionID, access.PageEdit)
	if err != nil {
		return Version{}, err
	}
	if !tagName.MatchString(tag) {
		return Version{}, errs.Invalid("tag.invalid", "A tag may have "+TagRule+".",
			errs.FieldError{Location: "path.tag", Message: "must have " + TagRule, Value: tag})
	}
	if slices.Contains(v.Tags, tag) {
		return v, nil
	}
	e := audit.NewEntry(ctx, "version.tag", "page", p.ID, p.Title, audit.CategoryData, audit.SeverityLow)
	e.Changes = &audit.Changes{After: map[string]any{"versionId": v.ID, "number": v.Number, "tag": tag}}
	by := ""
	if a := actorRef(ctx); a != nil {
		by = a.ID
	}
	switch err := s.Store.TagVersion(ctx, v.PageID, v.ID, tag, move, by, s.now(), e); err {
	case nil:
	case errs.ErrDuplicate:
		return Version{}, errs.Conflict("tag.exists", "Another version of this page has the tag “"+tag+"”. Move it with move=true.")
	case errs.ErrNoRows:
		return Version{}, errs.NotFound("version")
	default:
		return Version{}, err
	}
	return s.Store.GetVersion(ctx, v.ID)
}

// Untag removes a tag from a version.
func (s *Service) Untag(ctx context.Context, versionID, tag string) (Version, error) {
	v, p, err := s.version(ctx, versionID, access.PageEdit)
	if err != nil {
		return Version{}, err
	}
	if !slices.Contains(v.Tags, tag) {
		return Version{}, errs.NotFound("tag")
	}
	e := audit.NewEntry(ctx, "version.untag", "page", p.ID, p.Title, audit.CategoryData, audit.SeverityLow)
	e.Changes = &audit.Changes{Before: map[string]any{"versionId": v.ID, "number": v.Number, "tag": tag}}
	if err := s.Store.UntagVersion(ctx, v.PageID, v.ID, tag, e); err == errs.ErrNoRows {
		return Version{}, errs.NotFound("tag")
	} else if err != nil {
		return Version{}, err
	}
	return s.Store.GetVersion(ctx, v.ID)
}
