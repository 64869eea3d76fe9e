package jobs

import (
	"context"

	"github.com/riverqueue/river"
)

// ObjectStats is what a collection of site objects did.
type ObjectStats struct {
	Manifests    int    `json:"manifests"` // manifests kept, with what they list
	Objects      int    `json:"objects"`   // objects looked at
	Deleted      int    `json:"deleted"`
	DeletedBytes int64  `json:"deletedBytes"`
	KeptBytes    int64  `json:"keptBytes"`
	Skipped      string `json:"skipped,omitempty"` // why nothing was done
}

// ObjectCollector deletes the site objects no deployment needs.
type ObjectCollector interface {
	CollectObjects(ctx context.Context) (ObjectStats, error)
}

// SiteObjectsGC removes published-site objects that no deployment refers
// to (failed builds, deleted sites and environments). It runs daily on the
// deploys queue, so on one instance it never overlaps a deployment.
type SiteObjectsGC struct{}

// Kind names the job.
func (SiteObjectsGC) Kind() string { return "site.objects_gc" }

// InsertOpts puts the job on the deploys queue.
func (SiteObjectsGC) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueDeploys, MaxAttempts: 3}
}

type siteObjectsGCWorker struct {
	river.WorkerDefaults[SiteObjectsGC]
	c ObjectCollector
}

func (w *siteObjectsGCWorker) Work(ctx context.Context, _ *river.Job[SiteObjectsGC]) error {
	if w.c == nil {
		return nil
	}
	st, err := w.c.CollectObjects(ctx)
	if err != nil {
		return err
	}
	return river.RecordOutput(ctx, st)
}
