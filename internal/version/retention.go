package version

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"time"

	"github.com/pagewright/pagewright/internal/access"
	"github.com/pagewright/pagewright/internal/audit"
	"github.com/pagewright/pagewright/internal/errs"
)

func (s *Service) site(ctx context.Context, siteID string, action access.Action) (string, error) {
	if !access.ActorFrom(ctx).Authenticated() {
		return "", unauthenticated()
	}
	name, err := s.Pages.SiteName(ctx, siteID)
	if err == errs.ErrNoRows {
		return "", errs.NotFound("site")
	} else if err != nil {
		return "", err
	}
	return name, s.Auth.Authorize(ctx, action, access.Site(siteID), name)
}

// Policy returns a site's retention policy (the default if it has none).
func (s *Service) Policy(ctx context.Context, siteID string) (Policy, error) {
	if _, err := s.site(ctx, siteID, access.SiteView); err != nil {
		return Policy{}, err
	}
	return s.policy(ctx, siteID)
}

func (s *Service) policy(ctx context.Context, siteID string) (Policy, error) {
	p, err := s.Store.GetPolicy(ctx, siteID)
	if err == errs.ErrNoRows {
		return Policy{SiteID: siteID, ThinAfterDays: DefaultThinAfterDays}, nil
	}
	return p, err
}

// PutPolicy sets a site's retention policy (site:edit).
func (s *Service) PutPolicy(ctx context.Context, siteID string, thinAfterDays int) (Policy, error) {
	name, err := s.site(ctx, siteID, access.SiteEdit)
	if err != nil {
		return Policy{}, err
	}
	if thinAfterDays < 0 || thinAfterDays > 3650 {
		return Policy{}, errs.Invalid("version_policy.invalid", "Thin autosaves after 1 to 3650 days, or 0 to keep them all.",
			errs.Field("thinAfterDays", "must be 0 to 3650", thinAfterDays))
	}
	old, err := s.policy(ctx, siteID)
	if err != nil {
		return Policy{}, err
	}
	at := s.now().Truncate(time.Microsecond)
	p := Policy{SiteID: siteID, ThinAfterDays: thinAfterDays, UpdatedAt: &at, UpdatedBy: actorRef(ctx)}
	e := audit.NewEntry(ctx, "version_policy.update", "site", siteID, name, audit.CategoryConfiguration, audit.SeverityMedium)
	e.Changes = &audit.Changes{Before: map[string]any{"thinAfterDays": old.ThinAfterDays}, After: map[string]any{"thinAfterDays": thinAfterDays}}
	if err := s.Store.PutPolicy(ctx, p, e); err == errs.ErrNoRows {
		return Policy{}, errs.NotFound("site")
	} else if err != nil {
		return Policy{}, err
	}
	return p, nil
}

// RetentionStats summarises a retention run.
type RetentionStats struct {
	Pages     int `json:"pages"`     // pages thinned
	Deleted   int `json:"deleted"`   // versions removed
	Rewritten int `json:"rewritten"` // contents re-encoded against a kept base
	Dropped   int `json:"dropped"`   // contents removed
	Skipped   int `json:"skipped"`   // pages that changed during the run (done next time)
}

// ApplyRetention thins old autosaves on every site according to its
// policy: the daily job's work. It runs as the system (no actor) and
// audits each page it changes as version.thin. A page that changes while
// it is planned is skipped until the next run; other failures are returned
// after every page was tried.
func (s *Service) ApplyRetention(ctx context.Context) (RetentionStats, error) {
	var st RetentionStats
	targets, err := s.Store.RetentionTargets(ctx, s.now(), DefaultThinAfterDays)
	if err != nil {
		return st, err
	}
	var failed []error
	for _, t := range targets {
		n, err := s.thinPage(ctx, t, &st)
		switch {
		case err == errs.ErrStale:
			st.Skipped++
		case err != nil:
			failed = append(failed, err)
		case n > 0:
			st.Pages++
		}
	}
	return st, errors.Join(failed...)
}

// ThinPage applies retention to one page with the given cutoff (for tests
// and tools); it returns how many versions were removed.
func (s *Service) ThinPage(ctx context.Context, pageID string, cutoff time.Time) (RetentionStats, error) {
	p, err := s.Pages.PageInfo(ctx, pageID)
	if err != nil {
		return RetentionStats{}, err
	}
	var st RetentionStats
	n, err := s.thinPage(ctx, Target{PageID: pageID, SiteID: p.SiteID, Cutoff: cutoff}, &st)
	if n > 0 {
		st.Pages = 1
	}
	return st, err
}

func (s *Service) thinPage(ctx context.Context, t Target, st *RetentionStats) (int, error) {
	items, branches, err := s.Store.History(ctx, t.PageID)
	if err != nil {
		return 0, err
	}
	del, reparent := PlanThin(items, branches, t.Cutoff)
	if len(del) == 0 {
		return 0, nil
	}
	gone := map[string]bool{}
	for _, id := range del {
		gone[id] = true
	}
	kept := map[string]bool{}
	for _, it := range items {
		if !gone[it.ID] {
			kept[it.Hash] = true
		}
	}
	contents, err := s.Store.Contents(ctx, t.PageID)
	if err != nil {
		return 0, err
	}
	plan := ThinPlan{PageID: t.PageID, Delete: del, Reparent: reparent}
	if plan.Rewrite, plan.Drop, err = s.rebase(ctx, t.PageID, contents, kept); err != nil {
		return 0, err
	}
	title := ""
	if p, err := s.Pages.PageInfo(ctx, t.PageID); err == nil {
		title = p.Title
	}
	e := audit.NewEntry(ctx, "version.thin", "page", t.PageID, title, audit.CategoryData, audit.SeverityLow)
	e.Changes = &audit.Changes{After: map[string]any{"deleted": len(del), "versionIds": del, "cutoff": t.Cutoff.Format(time.RFC3339),
		"contentsRewritten": len(plan.Rewrite), "contentsDropped": len(plan.Drop)}}
	if err := s.Store.Thin(ctx, plan, e); err != nil {
		return 0, err
	}
	st.Deleted += len(del)
	st.Rewritten += len(plan.Rewrite)
	st.Dropped += len(plan.Drop)
	return len(del), nil
}

// PlanThin decides which versions retention removes: autosaves made before
// cutoff, except the last autosave of each branch on each UTC day, tagged
// versions, branch forks and heads, and versions a restore or merge names
// as its source. Kept versions whose parent goes are linked to their
// nearest kept ancestor (reparent).
func PlanThin(items []HistoryItem, branches []Branch, cutoff time.Time) (del []string, reparent map[string]string) {
	protected := map[string]bool{}
	for _, b := range branches {
		protected[b.ForkVersionID], protected[b.HeadVersionID] = true, true
	}
	heads := map[string]HistoryItem{}
	lastOfDay := map[string]int64{}
	dayKey := func(it HistoryItem) string { return it.Branch + "\x00" + it.CreatedAt.UTC().Format(time.DateOnly) }
	for _, it := range items {
		if it.SourceID != "" {
			protected[it.SourceID] = true
		}
		if h, ok := heads[it.Branch]; !ok || it.Number > h.Number {
			heads[it.Branch] = it
		}
		if it.Kind == KindAutosave && it.CreatedAt.Before(cutoff) && it.Number > lastOfDay[dayKey(it)] {
			lastOfDay[dayKey(it)] = it.Number
		}
	}
	for _, h := range heads {
		protected[h.ID] = true
	}
	byID := map[string]HistoryItem{}
	gone := map[string]bool{}
	for _, it := range items {
		byID[it.ID] = it
		if it.Kind == KindAutosave && it.CreatedAt.Before(cutoff) && !it.Tagged && !protected[it.ID] && lastOfDay[dayKey(it)] != it.Number {
			del = append(del, it.ID)
			gone[it.ID] = true
		}
	}
	reparent = map[string]string{}
	for _, it := range items {
		if gone[it.ID] || !gone[it.ParentID] {
			continue
		}
		p := it.ParentID
		for gone[p] {
			p = byID[p].ParentID
		}
		reparent[it.ID] = p
	}
	return del, reparent
}

// rebase re-encodes the kept contents whose delta chain runs through a
// content no kept version needs, against their nearest kept ancestor (or
// as keyframes), and lists the contents to drop, leaves first. Contents
// whose chain is untouched but shorter get their new depth.
func (s *Service) rebase(ctx context.Context, pageID string, contents []ContentInfo, kept map[string]bool) ([]Rewrite, []string, error) {
	byHash := map[string]ContentInfo{}
	for _, c := range contents {
		byHash[c.Hash] = c
	}
	slices.SortFunc(contents, func(a, b ContentInfo) int { return cmp.Or(cmp.Compare(a.Depth, b.Depth), cmp.Compare(a.Hash, b.Hash)) })
	depth := map[string]int{}
	var rewrites []Rewrite
	var drop []string
	for _, c := range contents {
		if !kept[c.Hash] {
			drop = append(drop, c.Hash)
			continue
		}
		if c.BaseHash == "" {
			depth[c.Hash] = 0
			continue
		}
		if kept[c.BaseHash] {
			depth[c.Hash] = depth[c.BaseHash] + 1
			if depth[c.Hash] != c.Depth {
				rewrites = append(rewrites, Rewrite{Content: Content{Hash: c.Hash, BaseHash: c.BaseHash, Depth: depth[c.Hash], Size: c.Size}, OldBase: c.BaseHash})
			}
			continue
		}
		a := c.BaseHash
		for a != "" && !kept[a] {
			a = byHash[a].BaseHash
		}
		target, _, err := s.load(ctx, pageID, c.Hash)
		if err != nil {
			return nil, nil, err
		}
		var base *snapshot
		if a != "" {
			if base, _, err = s.load(ctx, pageID, a); err != nil {
				return nil, nil, err
			}
		}
		enc := s.encode(target, base, depth[a])
		depth[c.Hash] = enc.Depth
		rewrites = append(rewrites, Rewrite{Content: enc, OldBase: c.BaseHash})
	}
	// Leaves first: a content is dropped only once nothing is based on it.
	slices.Reverse(drop)
	return rewrites, drop, nil
}
