package jobs

import (
	"context"

	"github.com/riverqueue/river"
)

// BlobPurger deletes every stored file under a prefix.
type BlobPurger interface {
	DeletePrefix(ctx context.Context, prefix string) (int, error)
}

// SitePurge removes the stored files (assets, builds) of a deleted site. It
// is enqueued in the transaction that deletes the site, so the files go if
// and only if the site did.
type SitePurge struct {
	SiteID string `json:"siteId"`
}

// Kind names the job.
func (SitePurge) Kind() string { return "site.purge" }

type sitePurgeWorker struct {
	river.WorkerDefaults[SitePurge]
	b BlobPurger
}

func (w *sitePurgeWorker) Work(ctx context.Context, job *river.Job[SitePurge]) error {
	n, err := w.b.DeletePrefix(ctx, "sites/"+job.Args.SiteID+"/")
	if err != nil {
		return err
	}
	return river.RecordOutput(ctx, map[string]int{"deleted": n})
}
