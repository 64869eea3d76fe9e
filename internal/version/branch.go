package version

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/doc"
	"github.com/pagewright/pagewright/internal/docdiff"
	"github.com/pagewright/pagewright/internal/errs"
)

func branchNotFound() error { return errs.NotFound("branch") }

func mainIsPage() error {
	return &errs.Error{Kind: errs.KindInvalid, Code: "branch.main",
		Message: "main is the page itself: read and write it with the page document routes.",
		Fields:  []errs.FieldError{{Location: "path.branch", Message: "main is the page document", Value: Main}}}
}

// Branches lists a page's branches, main first (its head is the newest
// main version), then the others oldest first.
func (s *Service) Branches(ctx context.Context, pageID string) ([]Branch, error) {
	if _, err := s.page(ctx, pageID, access.PageView); err != nil {
		return nil, err
	}
	main := Branch{PageID: pageID, Name: Main}
	if head, err := s.Store.Head(ctx, pageID, Main); err == nil {
		main.HeadVersionID, main.HeadNumber, main.CreatedAt = head.ID, head.Number, head.CreatedAt
	} else if err != errs.ErrNoRows {
		return nil, err
	}
	rest, err := s.Store.ListBranches(ctx, pageID)
	if err != nil {
		return nil, err
	}
	return append([]Branch{main}, rest...), nil
}

// CreateBranch starts a branch of a page from one of its versions (the
// page's current document when fromVersion is empty).
func (s *Service) CreateBranch(ctx context.Context, pageID, name, fromVersion string) (Branch, error) {
	p, err := s.page(ctx, pageID, access.PageEdit)
	if err != nil {
		return Branch{}, err
	}
	if !branchName.MatchString(name) {
		return Branch{}, errs.Invalid("branch.invalid", "A branch name has "+BranchRule+".", errs.Field("name", "must have "+BranchRule, name))
	}
	if name == Main {
		return Branch{}, branchExists(name)
	}
	var fork Version
	if fromVersion == "" {
		cur, _, err := s.current(ctx, pageID)
		if err != nil {
			return Branch{}, err
		}
		if err := s.keepCurrent(ctx, p, cur, "Branch point of "+name); err != nil {
			return Branch{}, err
		}
		if fork, err = s.Store.Head(ctx, pageID, Main); err != nil {
			return Branch{}, err
		}
	} else {
		if fork, err = s.ofPage(ctx, pageID, fromVersion); err != nil {
			if e, ok := err.(*errs.Error); ok && len(e.Fields) > 0 {
				e.Fields[0].Location = "body.fromVersion"
			}
			return Branch{}, err
		}
	}
	b := Branch{PageID: pageID, Name: name, ForkVersionID: fork.ID, ForkNumber: fork.Number, HeadVersionID: fork.ID, HeadNumber: fork.Number,
		CreatedAt: s.now().Truncate(time.Microsecond), CreatedBy: actorRef(ctx)}
	e := audit.NewEntry(ctx, "branch.create", "page", p.ID, p.Title, audit.CategoryData, audit.SeverityLow)
	e.Changes = &audit.Changes{After: map[string]any{"branch": name, "forkVersionId": fork.ID, "forkNumber": fork.Number}}
	switch err := s.Store.CreateBranch(ctx, b, e); err {
	case nil:
		return b, nil
	case errs.ErrDuplicate:
		return Branch{}, branchExists(name)
	case errs.ErrNoRows:
		return Branch{}, errs.NotFound("version")
	default:
		return Branch{}, err
	}
}

func branchExists(name string) error {
	e := errs.Conflict("branch.exists", "This page already has a branch named “"+name+"”.")
	e.Fields = []errs.FieldError{errs.Field("name", "already in use", name)}
	return e
}

// branch loads a branch other than main.
func (s *Service) branch(ctx context.Context, pageID, name string) (Branch, error) {
	if name == Main {
		return Branch{}, mainIsPage()
	}
	b, err := s.Store.GetBranch(ctx, pageID, name)
	if err == errs.ErrNoRows {
		return Branch{}, branchNotFound()
	}
	return b, err
}

// BranchDocument returns a branch's head version and its document.
func (s *Service) BranchDocument(ctx context.Context, pageID, name string) (Version, []byte, error) {
	if _, err := s.page(ctx, pageID, access.PageView); err != nil {
		return Version{}, nil, err
	}
	if _, err := s.branch(ctx, pageID, name); err != nil {
		return Version{}, nil, err
	}
	head, err := s.Store.Head(ctx, pageID, name)
	if err != nil {
		return Version{}, nil, err
	}
	snap, _, err := s.load(ctx, pageID, head.Hash)
	if err != nil {
		return Version{}, nil, err
	}
	return head, snap.json, nil
}

func branchMerged(name string) error {
	return errs.Conflict("branch.merged", "The branch “"+name+"” has been merged; merged branches are read-only. Start a new branch to keep editing.")
}

// PutBranchDocument saves a document on a branch as a new version after
// the branch head, if the head is still the version numbered want (the
// ETag the client read). With a message the version is manual, otherwise an
// autosave; an autosave folds into a head autosave of the same author made
// within the autosave interval (NewVersion.AmendAfter). Saving the head's
// own document again without a message makes no version and returns the
// head; with a message it is a manual version of the same content.
func (s *Service) PutBranchDocument(ctx context.Context, pageID, name string, body []byte, want int64, message string) (Version, error) {
	p, err := s.page(ctx, pageID, access.PageEdit)
	if err != nil {
		return Version{}, err
	}
	b, err := s.branch(ctx, pageID, name)
	if err != nil {
		return Version{}, err
	}
	if b.Merged {
		return Version{}, branchMerged(name)
	}
	message = strings.TrimSpace(message)
	if utf8.RuneCountInString(message) > MaxMessage {
		return Version{}, errs.Invalid("version.invalid", "The message is too long.",
			errs.FieldError{Location: "query.message", Message: fmt.Sprintf("at most %d characters", MaxMessage)})
	}
	head, err := s.Store.Head(ctx, pageID, name)
	if err != nil {
		return Version{}, err
	}
	if head.Number != want {
		return Version{}, staleDocument()
	}
	old := func() ([]byte, error) {
		snap, _, err := s.load(ctx, pageID, head.Hash)
		if err != nil {
			return nil, err
		}
		return snap.json, nil
	}
	clean, err := s.Validate(ctx, p.SiteID, body, old)
	if err != nil {
		return Version{}, err
	}
	next, err := parse(clean)
	if err != nil {
		return Version{}, err
	}
	if next.hash == head.Hash && message == "" {
		return head, nil
	}
	kind := KindAutosave
	if message != "" {
		kind = KindManual
	}
	nv := NewVersion{Version: Version{Branch: name, Kind: kind, Message: message}, ExpectHead: &head.ID}
	if kind == KindAutosave {
		// Editing a branch saves every few seconds; those saves fold into
		// one autosave version per interval.
		after := s.now().Add(-s.autosaveEvery())
		nv.AmendAfter = &after
	}
	v, err := s.record(ctx, p, next, nv, "version.create", nil)
	switch err {
	case errs.ErrStale:
		return Version{}, staleDocument()
	case ErrMerged:
		return Version{}, branchMerged(name)
	}
	return v, err
}

// MergePreview is what merging a branch would do now.
type MergePreview struct {
	Branch Branch `json:"branch"`
	// MainHeadID is the newest main version: send it back as ifMatch.
	MainHeadID string `json:"mainHeadId"`
	// Revision is the page document's revision (its ETag) the preview was
	// computed on.
	Revision int64 `json:"revision"`
	// Conflicts need a choice ("ours" keeps the page's side, "theirs" the
	// branch's) before the merge can be done.
	Conflicts []Conflict `json:"conflicts"`
	// Changes are what the merge (with every conflict on "ours") changes on
	// the page document.
	Changes docdiff.Result `json:"changes"`
}

// mergeState is a merge's three documents and their merge.
type mergeState struct {
	page      PageInfo
	branch    Branch
	mainHead  Version
	revision  int64
	ours      *snapshot
	merged    *doc.Document
	conflicts []Conflict
	theirs    Version
}

func (s *Service) prepareMerge(ctx context.Context, pageID, name string, action access.Action) (*mergeState, error) {
	p, err := s.page(ctx, pageID, action)
	if err != nil {
		return nil, err
	}
	if name == Main {
		return nil, &errs.Error{Kind: errs.KindInvalid, Code: "branch.self_merge",
			Message: "main cannot be merged into itself: merge a branch into main.",
			Fields:  []errs.FieldError{{Location: "path.branch", Message: "is main", Value: Main}}}
	}
	b, err := s.branch(ctx, pageID, name)
	if err != nil {
		return nil, err
	}
	if b.Merged {
		return nil, branchMerged(name)
	}
	st := &mergeState{page: p, branch: b}
	if st.mainHead, err = s.Store.Head(ctx, pageID, Main); err != nil && err != errs.ErrNoRows {
		return nil, err
	}
	if st.theirs, err = s.Store.Head(ctx, pageID, name); err != nil {
		return nil, err
	}
	if st.ours, st.revision, err = s.current(ctx, pageID); err != nil {
		return nil, err
	}
	fork, err := s.Store.GetVersion(ctx, b.ForkVersionID)
	if err != nil {
		return nil, err
	}
	base, _, err := s.load(ctx, pageID, fork.Hash)
	if err != nil {
		return nil, err
	}
	theirs, _, err := s.load(ctx, pageID, st.theirs.Hash)
	if err != nil {
		return nil, err
	}
	st.merged, st.conflicts = docdiff.Merge(base.doc, st.ours.doc, theirs.doc)
	if st.conflicts == nil {
		st.conflicts = []Conflict{}
	}
	return st, nil
}

// MergePreview computes a branch's merge into the page without changing
// anything: the conflicts to choose for and the changes it would make.
func (s *Service) MergePreview(ctx context.Context, pageID, name string) (MergePreview, error) {
	st, err := s.prepareMerge(ctx, pageID, name, access.PageView)
	if err != nil {
		return MergePreview{}, err
	}
	return MergePreview{Branch: st.branch, MainHeadID: st.mainHead.ID, Revision: st.revision, Conflicts: st.conflicts,
		Changes: docdiff.Diff(st.ours.doc, st.merged)}, nil
}

// MergeInput is a merge request.
type MergeInput struct {
	// IfMatch is the newest main version the client saw; the merge fails
	// with branch.stale if main has moved since.
	IfMatch string
	// Revision, when set, is the page document's revision (ETag) the client
	// saw.
	Revision *int64
	// Choices picks a side for each conflict by its id: "ours" (the page)
	// or "theirs" (the branch).
	Choices map[string]string
	Message string
}

// MergeResult is the merge version and the page document's new revision.
type MergeResult struct {
	Version  Version `json:"version"`
	Revision int64   `json:"revision"`
	Branch   Branch  `json:"branch"`
}

// Merge merges a branch into the page with a three-way merge over nodes
// and fields: base is the branch's fork version, ours the page's current
// document, theirs the branch head. Conflicts without a choice fail with
// merge.conflicts (409) listing them; otherwise the merged document becomes
// the page document, a merge version is recorded after the newest main
// version and the branch is marked merged.
func (s *Service) Merge(ctx context.Context, pageID, name string, in MergeInput) (MergeResult, error) {
	st, err := s.prepareMerge(ctx, pageID, name, access.PageEdit)
	if err != nil {
		return MergeResult{}, err
	}
	if in.IfMatch != st.mainHead.ID {
		return MergeResult{}, &errs.Error{Kind: errs.KindPreconditionFailed, Code: "branch.stale",
			Message: "The page has a newer version than the one you merged against. Look at the merge again; nothing was changed.",
			Fields:  []errs.FieldError{{Location: "body.ifMatch", Message: "is not the newest main version", Value: in.IfMatch}}}
	}
	if in.Revision != nil && *in.Revision != st.revision {
		return MergeResult{}, staleDocument()
	}
	message := strings.TrimSpace(in.Message)
	if utf8.RuneCountInString(message) > MaxMessage {
		return MergeResult{}, errs.Invalid("version.invalid", "The message is too long.", errs.Field("message", fmt.Sprintf("at most %d characters", MaxMessage), nil))
	}
	if message == "" {
		message = "Merged branch " + name
	}
	if err := checkChoices(st.conflicts, in.Choices); err != nil {
		return MergeResult{}, err
	}
	merged, err := docdiff.Resolve(st.merged, st.conflicts, in.Choices)
	if err != nil {
		return MergeResult{}, err
	}
	next, err := newSnapshot(merged)
	if err != nil {
		return MergeResult{}, err
	}
	p := st.page
	clean, err := s.Validate(ctx, p.SiteID, next.json, func() ([]byte, error) { return st.ours.json, nil })
	if err != nil {
		return MergeResult{}, err
	}
	if err := s.keepCurrent(ctx, p, st.ours, "Before merging branch "+name); err != nil {
		return MergeResult{}, err
	}
	// The page document, the merge version and the branch's merged mark
	// are written together, or nothing is.
	newRev := st.revision + 1
	v, err := s.record(ctx, p, next, NewVersion{Version: Version{Branch: Main, Kind: KindMerge, Message: message, SourceID: st.theirs.ID},
		MergeBranch: name, Document: &DocumentWrite{JSON: clean, Want: st.revision}}, "branch.merge",
		map[string]any{"mergedBranch": name, "branchHeadId": st.theirs.ID, "conflicts": len(st.conflicts), "revision": newRev})
	switch err {
	case nil:
	case ErrMerged:
		return MergeResult{}, branchMerged(name)
	case errs.ErrStale:
		return MergeResult{}, staleDocument()
	default:
		return MergeResult{}, err
	}
	b, err := s.Store.GetBranch(ctx, pageID, name)
	if err != nil {
		return MergeResult{}, err
	}
	return MergeResult{Version: v, Revision: newRev, Branch: b}, nil
}

// checkChoices requires a valid choice for every conflict and no choice
// for a conflict that does not exist (the documents changed since the
// client looked).
func checkChoices(conflicts []Conflict, choices map[string]string) error {
	known := map[string]bool{}
	var open []errs.FieldError
	for _, c := range conflicts {
		known[c.ID] = true
		if _, ok := choices[c.ID]; !ok {
			open = append(open, errs.FieldError{Location: "body.choices." + c.ID, Message: "choose ours or theirs", Value: c})
		}
	}
	var bad []errs.FieldError
	for id, v := range choices {
		switch {
		case !known[id]:
			bad = append(bad, errs.FieldError{Location: "body.choices." + id, Message: "is not a conflict of this merge", Value: id})
		case v != "ours" && v != "theirs":
			bad = append(bad, errs.FieldError{Location: "body.choices." + id, Message: "must be ours or theirs", Value: v})
		}
	}
	if len(bad) > 0 {
		return errs.Invalid("merge.choice_invalid", "Some choices do not match this merge's conflicts; look at the merge again.", bad...)
	}
	if len(open) > 0 {
		return &errs.Error{Kind: errs.KindConflict, Code: "merge.conflicts",
			Message: fmt.Sprintf("The merge has %d conflict(s): choose ours or theirs for each (listed in errors, with their details in value).", len(open)),
			Fields:  open}
	}
	return nil
}
