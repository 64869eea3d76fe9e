package jobs

import (
	"context"

	"github.com/riverqueue/river"
)

// AssetPurge removes the stored files (original and variants) of a deleted
// asset. It is enqueued in the transaction that deletes the asset, so the
// files go if and only if the row did.
type AssetPurge struct {
	SiteID  string `json:"siteId"`
	AssetID string `json:"assetId"`
}

// Kind names the job.
func (AssetPurge) Kind() string { return "asset.purge" }

type assetPurgeWorker struct {
	river.WorkerDefaults[AssetPurge]
	b BlobPurger
}

func (w *assetPurgeWorker) Work(ctx context.Context, job *river.Job[AssetPurge]) error {
	n, err := w.b.DeletePrefix(ctx, "sites/"+job.Args.SiteID+"/assets/"+job.Args.AssetID+"/")
	if err != nil {
		return err
	}
	return river.RecordOutput(ctx, map[string]int{"deleted": n})
}
