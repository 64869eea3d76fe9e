// Package version keeps the history of page documents: numbered versions
// (autosave, manual, publish, restore, merge) with authors, messages and
// tags; branches that are edited apart from the page and merged back with a
// three-way merge; structural diffs; and a per-site retention policy.
//
// Storage is content-addressed and delta-compressed: each distinct document
// of a page is stored once (by the SHA-256 of its canonical JSON), as the
// document ops from an earlier content (see docdiff.Ops) or, every
// KeyframeEvery contents or when the delta would not be small, as the whole
// document, compressed.
package version

import (
	"context"
	"errors"
	"log/slog"
	"regexp"
	"sync"
	"time"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/docdiff"
)

// The kinds of version.
const (
	KindAutosave = "autosave" // made while editing, at most every AutosaveEvery
	KindManual   = "manual"   // "Save version", with a message
	KindPublish  = "publish"  // the document a publish shipped
	KindRestore  = "restore"  // an older version made current again
	KindMerge    = "merge"    // a branch merged into the page
)

// Kinds lists the version kinds.
var Kinds = []string{KindAutosave, KindManual, KindPublish, KindRestore, KindMerge}

// Main is the page's own line of history: its versions are snapshots of the
// page document. Other branches are edited through their versions alone.
const Main = "main"

// Defaults.
const (
	// AutosaveEvery is the least time between two autosave versions of a
	// page.
	AutosaveEvery = 5 * time.Minute
	// KeyframeEvery bounds delta chains: a content is stored whole when its
	// base is already KeyframeEvery-1 deltas from a keyframe.
	KeyframeEvery = 50
	// DefaultThinAfterDays is the retention policy of a site that has not
	// set one.
	DefaultThinAfterDays = 30
	// MaxMessage is the longest version message, in characters.
	MaxMessage = 2000
)

// Person names a user briefly (the author of a version, who merged a branch).
type Person struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// Version is one snapshot of a page document.
type Version struct {
	ID     string `json:"id"`
	PageID string `json:"pageId"`
	// Number counts the page's versions, on every branch, from 1.
	Number  int64  `json:"number"`
	Branch  string `json:"branch"`
	Kind    string `json:"kind" enum:"autosave,manual,publish,restore,merge"`
	Message string `json:"message"`
	// ParentID is the version this one follows on its branch (for a
	// branch's first version, its fork version); empty for the first.
	ParentID string `json:"parentId,omitempty"`
	// SourceID is the version a restore brought back, or the branch head a
	// merge took in.
	SourceID  string    `json:"sourceId,omitempty"`
	Author    *Person   `json:"author"`
	Tags      []string  `json:"tags"`
	Hash      string    `json:"hash" doc:"SHA-256 of the document's canonical JSON: equal hashes, equal documents"`
	Size      int64     `json:"size" doc:"Bytes of the document's JSON"`
	CreatedAt time.Time `json:"createdAt"`
}

// Branch is a line of versions forked from a version of the page.
type Branch struct {
	PageID string `json:"-"`
	Name   string `json:"name"`
	// ForkVersionID is the version the branch started from: the base of
	// its three-way merge. Empty for main.
	ForkVersionID string `json:"forkVersionId,omitempty"`
	ForkNumber    int64  `json:"forkNumber,omitempty"`
	// HeadVersionID is the branch's newest version (its fork version
	// until it has one of its own); empty for a main without versions.
	HeadVersionID  string     `json:"headVersionId"`
	HeadNumber     int64      `json:"headNumber"`
	Merged         bool       `json:"merged"`
	MergedAt       *time.Time `json:"mergedAt,omitempty"`
	MergedBy       *Person    `json:"mergedBy,omitempty"`
	MergeVersionID string     `json:"mergeVersionId,omitempty"`
	CreatedAt      time.Time  `json:"createdAt"`
	CreatedBy      *Person    `json:"createdBy,omitempty"`
}

// Policy is a site's retention policy. Manual, publish, restore, merge and
// tagged versions are always kept, as are branch forks and heads; autosaves
// older than ThinAfterDays are thinned to the last one of each day.
type Policy struct {
	SiteID string `json:"-"`
	// ThinAfterDays is the age in days after which autosaves are thinned;
	// 0 keeps every autosave.
	ThinAfterDays int        `json:"thinAfterDays" minimum:"0" maximum:"3650"`
	UpdatedAt     *time.Time `json:"updatedAt,omitempty"`
	UpdatedBy     *Person    `json:"updatedBy,omitempty"`
}

// Filter selects versions of a page, newest first.
type Filter struct {
	Kind         string
	Branch       string
	Tag          string
	BeforeNumber int64 // cursor: only versions numbered below; 0 for none
	Limit        int
}

// NewVersion is a version for the store to add. The store numbers it,
// links it to its branch head (ParentID) unless Version.ParentID is set,
// and stores Content unless the page already has content with the hash.
type NewVersion struct {
	Version
	Content *Content
	// ExpectHead, when set, is the branch head the version must follow
	// (its id, "" for none); otherwise errs.ErrStale and nothing is written.
	ExpectHead *string
	// SkipAfter and SkipSame make an autosave conditional, decided in the
	// store's transaction: nothing is written (ErrUnchanged) when the branch
	// head was made after SkipAfter, or has the same content.
	SkipAfter *time.Time
	SkipSame  bool
	// MergeBranch, when set, is marked merged by this version in the same
	// transaction (ErrMerged if it already was).
	MergeBranch string
	// AmendAfter, when set on an autosave of a branch, folds the save into
	// the branch head instead of adding a version after it, if the head is
	// an untagged autosave by the same author made after AmendAfter that no
	// other version, branch or restore refers to. The head is replaced by
	// the new version (a new number, the head's parent and creation time),
	// so a branch edited in the editor gets at most one autosave version per
	// autosave interval while every save still moves its ETag.
	AmendAfter *time.Time
	// Document, when set, is written as the page's document in the same
	// transaction (a restore or merge changes the page and records the
	// version together, or neither): errs.ErrStale if the page is no
	// longer at Document.Want.
	Document *DocumentWrite
}

// DocumentWrite is a page document a version writes with itself.
type DocumentWrite struct {
	JSON []byte
	// Want is the revision the page must be at; it becomes Want+1.
	Want int64
}

// Sentinel errors the store returns.
var (
	// ErrUnchanged: a conditional autosave was not needed.
	ErrUnchanged = errors.New("version: not needed")
	// ErrBaseGone: a delta's base content no longer exists (thinned).
	ErrBaseGone = errors.New("version: delta base is gone")
	// ErrMerged: the branch was merged already.
	ErrMerged = errors.New("version: branch already merged")
)

// HistoryItem is a version as retention sees it.
type HistoryItem struct {
	ID        string
	Number    int64
	Branch    string
	Kind      string
	ParentID  string
	SourceID  string
	Hash      string
	CreatedAt time.Time
	Tagged    bool
}

// ContentInfo describes a stored content without its payload.
type ContentInfo struct {
	Hash     string
	BaseHash string
	Depth    int
	Size     int64
	Stored   int64 // bytes of the compressed payload
}

// ThinPlan is what retention changes on one page, in one transaction.
type ThinPlan struct {
	PageID string
	// Delete lists versions to remove. The store removes a version only if
	// it is still untagged, no branch's fork or head and no version's
	// source; otherwise it writes nothing and returns errs.ErrStale.
	Delete []string
	// Reparent links kept versions whose parent goes to their nearest kept
	// ancestor (version id → new parent id, "" for none).
	Reparent map[string]string
	// Rewrite re-encodes kept contents against a kept base (or as
	// keyframes); OldBase guards against a concurrent rewrite.
	Rewrite []Rewrite
	// Drop lists contents no kept version needs, leaves first; the store
	// keeps any a version or content has come to use meanwhile.
	Drop []string
}

// Rewrite is a content re-encoded by retention.
type Rewrite struct {
	Content
	OldBase string
}

// Unversioned is a page whose last save no version has yet.
type Unversioned struct {
	PageInfo
	UpdatedBy string
}

// Target is a page retention should look at.
type Target struct {
	PageID string
	SiteID string
	Cutoff time.Time // autosaves made before it are thinned
}

// Store persists versions, contents, branches, tags and policies. Every
// write appends its audit entry in the same transaction and serialises
// with the page's other history writes.
type Store interface {
	ListVersions(ctx context.Context, pageID string, f Filter) ([]Version, error)
	GetVersion(ctx context.Context, id string) (Version, error)
	// Head returns the newest version of a branch of a page (for a branch
	// without versions of its own, its fork version), or errs.ErrNoRows.
	Head(ctx context.Context, pageID, branch string) (Version, error)
	// ContentChain returns the content with the hash followed by the
	// contents it is a delta of, down to its keyframe.
	ContentChain(ctx context.Context, pageID, hash string) ([]Content, error)
	CreateVersion(ctx context.Context, nv NewVersion, e audit.Entry) (Version, error)

	ListBranches(ctx context.Context, pageID string) ([]Branch, error)
	GetBranch(ctx context.Context, pageID, name string) (Branch, error)
	// CreateBranch adds a branch (errs.ErrDuplicate if the name is taken).
	CreateBranch(ctx context.Context, b Branch, e audit.Entry) error

	// TagVersion puts a tag on a version of the page. A tag another
	// version has is moved when move is set and is errs.ErrDuplicate
	// otherwise.
	TagVersion(ctx context.Context, pageID, versionID, tag string, move bool, by string, at time.Time, e audit.Entry) error
	// UntagVersion removes a tag from a version (errs.ErrNoRows if it has
	// not got it).
	UntagVersion(ctx context.Context, pageID, versionID, tag string, e audit.Entry) error

	// GetPolicy returns a site's policy, or errs.ErrNoRows if it has none.
	GetPolicy(ctx context.Context, siteID string) (Policy, error)
	PutPolicy(ctx context.Context, p Policy, e audit.Entry) error

	// RetentionTargets lists the pages with more than one autosave of a
	// branch on one (UTC) day before their site's cutoff.
	RetentionTargets(ctx context.Context, now time.Time, defaultDays int) ([]Target, error)
	// Unversioned lists the pages saved since from whose newest main
	// version is older than their last save.
	Unversioned(ctx context.Context, from time.Time) ([]Unversioned, error)
	History(ctx context.Context, pageID string) ([]HistoryItem, []Branch, error)
	Contents(ctx context.Context, pageID string) ([]ContentInfo, error)
	Thin(ctx context.Context, plan ThinPlan, e audit.Entry) error
}

// PageInfo is what the service needs to know about a page.
type PageInfo struct {
	ID     string
	SiteID string
	Title  string
}

// Pages is the version service's view of pages (the page service, adapted
// by the app).
type Pages interface {
	// PageInfo returns a page's site and title, without access checks
	// (errs.ErrNoRows if there is no such page).
	PageInfo(ctx context.Context, id string) (PageInfo, error)
	// Document returns a page's current document and revision, without
	// access checks.
	Document(ctx context.Context, id string) ([]byte, int64, error)
	// SiteName returns a site's name (errs.ErrNoRows if there is none).
	SiteName(ctx context.Context, id string) (string, error)
}

// Validator checks and cleans a document of a site, as a page save does.
type Validator func(ctx context.Context, siteID string, doc []byte, old func() ([]byte, error)) ([]byte, error)

// Service implements version history with access checks and audit.
type Service struct {
	Store    Store
	Pages    Pages
	Auth     access.Authorizer
	Validate Validator
	Now      func() time.Time
	Logger   *slog.Logger
	// AutosaveEvery and KeyframeEvery default to the package constants.
	AutosaveEvery time.Duration
	KeyframeEvery int
	// CacheBytes bounds the documents kept decoded (0: 64 MiB; negative:
	// none, so every read replays from the store).
	CacheBytes int

	cacheOnce sync.Once
	cache     *docCache
}

// Conflict is a merge conflict (docdiff's), listed when a merge needs
// choices.
type Conflict = docdiff.Conflict

var (
	branchName = regexp.MustCompile(`^[a-z0-9-]{1,50}$`)
	tagName    = regexp.MustCompile(`^[A-Za-z0-9._-]{1,40}$`)
)

// BranchRule and TagRule describe valid names, for error messages.
const (
	BranchRule = "1–50 lowercase letters, digits and hyphens"
	TagRule    = "1–40 letters, digits, dots, hyphens and underscores"
)
