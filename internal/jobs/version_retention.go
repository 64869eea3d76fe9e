package jobs

import (
	"context"

	"github.com/riverqueue/river"
)

// VersionHistory is what the version jobs need of version history.
type VersionHistory interface {
	// ApplyRetention applies every site's retention policy and reports
	// what it removed.
	ApplyRetention(ctx context.Context) (any, error)
	// AutosavePending versions the pages whose last saves no version has
	// yet, and reports how many it made.
	AutosavePending(ctx context.Context) (int, error)
}

// VersionRetention thins old autosave versions per each site's policy; it
// runs daily. Manual, publish, restore, merge and tagged versions, branch
// forks and heads are always kept, and kept versions are re-encoded so no
// delta chain runs through a removed one.
type VersionRetention struct{}

// Kind names the job.
func (VersionRetention) Kind() string { return "version.retention" }

type versionRetentionWorker struct {
	river.WorkerDefaults[VersionRetention]
	v VersionHistory
}

func (w *versionRetentionWorker) Work(ctx context.Context, job *river.Job[VersionRetention]) error {
	if w.v == nil {
		return nil
	}
	stats, err := w.v.ApplyRetention(ctx)
	if stats != nil {
		if oerr := river.RecordOutput(ctx, stats); oerr != nil && err == nil {
			err = oerr
		}
	}
	return err
}

// VersionAutosave makes the autosave versions that saves could not make
// yet (the page's last version was younger than five minutes): it runs
// every five minutes, so a page's last edits reach its history soon after
// they stop.
type VersionAutosave struct{}

// Kind names the job.
func (VersionAutosave) Kind() string { return "version.autosave" }

type versionAutosaveWorker struct {
	river.WorkerDefaults[VersionAutosave]
	v VersionHistory
}

func (w *versionAutosaveWorker) Work(ctx context.Context, job *river.Job[VersionAutosave]) error {
	if w.v == nil {
		return nil
	}
	n, err := w.v.AutosavePending(ctx)
	if err != nil {
		return err
	}
	return river.RecordOutput(ctx, map[string]int{"versions": n})
}
