package app

import (
	"context"
	"fmt"
	"log/slog"
	"path"
	"time"

	"github.com/pagewright/pagewright/internal/blob"
	"github.com/pagewright/pagewright/internal/jobs"
	"github.com/pagewright/pagewright/internal/sqlstore"
)

// ObjectGrace is how old an unreferenced site object must be before it is
// deleted. A build writes its objects before the manifest that lists
// them, and may find an object already stored and rely on it; a day is far
// longer than any build, and the verify stage, which fetches every file
// before a deployment goes live, would catch the rest.
const ObjectGrace = 24 * time.Hour

// objectGC deletes the site objects no deployment needs any more: those of
// failed builds, and every object of deleted sites and environments.
// Objects are shared between sites (they are named by content), so this is
// a mark and sweep over every manifest that is live, could be rolled back
// to, or belongs to a deployment that has not finished.
type objectGC struct {
	deps  sqlstore.Deployments
	blobs blob.Store
	log   *slog.Logger
	now   func() time.Time
}

// CollectObjects runs one collection with the given grace (ObjectGrace in
// the periodic job). With dryRun nothing is deleted and the stats say what
// would be.
func (g *objectGC) CollectObjects(ctx context.Context, grace time.Duration, dryRun bool) (jobs.ObjectStats, error) {
	var st jobs.ObjectStats
	roots, running, err := g.deps.ObjectRoots(ctx)
	if err != nil {
		return st, err
	}
	if running > 0 && !dryRun {
		// A running build may be about to rely on an object it found;
		// the next run will do.
		st.Skipped = fmt.Sprintf("%d deployments are running", running)
		return st, nil
	}
	objs := siteObjects(g.blobs, "")
	keep := make(map[string]bool, len(roots)*64)
	for _, h := range roots {
		keep[h] = true
		m, err := loadManifest(ctx, objs, h)
		if err != nil {
			// Not knowing what a live manifest lists, nothing can safely go.
			return st, fmt.Errorf("read manifest %s: %w", h, err)
		}
		for _, f := range m.Files {
			keep[f.Hash] = true
			if f.Br != nil {
				keep[f.Br.Hash] = true
			}
			if f.Gzip != nil {
				keep[f.Gzip.Hash] = true
			}
		}
	}
	st.Manifests = len(roots)
	list, err := g.blobs.List(ctx, objs.Prefix)
	if err != nil {
		return st, err
	}
	cutoff := g.now().Add(-grace)
	for _, info := range list {
		st.Objects++
		h := path.Base(info.Key)
		if k, err := objs.Key(h); err != nil || k != info.Key {
			continue // not an object this store wrote: leave it alone
		}
		if keep[h] || info.ModTime.After(cutoff) {
			st.KeptBytes += info.Size
			continue
		}
		if !dryRun {
			if err := g.blobs.Delete(ctx, info.Key); err != nil {
				return st, err
			}
		}
		st.Deleted++
		st.DeletedBytes += info.Size
	}
	g.log.InfoContext(ctx, "site objects collected", "manifests", st.Manifests, "objects", st.Objects, "deleted", st.Deleted,
		"deleted_bytes", st.DeletedBytes, "kept_bytes", st.KeptBytes, "dry_run", dryRun)
	return st, nil
}

// objectGCJob adapts objectGC to the periodic job.
type objectGCJob struct{ g *objectGC }

func (j objectGCJob) CollectObjects(ctx context.Context) (jobs.ObjectStats, error) {
	return j.g.CollectObjects(ctx, ObjectGrace, false)
}

// CollectSiteObjects is `pagewright gc`: one collection now.
func (a *App) CollectSiteObjects(ctx context.Context, grace time.Duration, dryRun bool) (jobs.ObjectStats, error) {
	return a.objectGC.CollectObjects(ctx, grace, dryRun)
}
