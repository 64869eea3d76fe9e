package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/pagewright/pagewright/internal/jobs"
)

// Enqueuer inserts jobs inside a transaction (River's client does).
type Enqueuer interface {
	InsertTx(ctx context.Context, tx *sql.Tx, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
}

// SitePurge is the job queued when a site is deleted.
type SitePurge = jobs.SitePurge

// SetEnqueuer connects the job queue, which is created after the database.
func (db *DB) SetEnqueuer(e Enqueuer) { db.jobs = e }

func (db *DB) enqueue(ctx context.Context, tx *sql.Tx, args river.JobArgs) error {
	if db.jobs == nil {
		return errors.New("job queue not connected")
	}
	_, err := db.jobs.InsertTx(ctx, tx, args, nil)
	return err
}
