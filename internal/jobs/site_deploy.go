package jobs

import (
	"context"
	"fmt"

	"github.com/riverqueue/river"
)

// QueueDeploys runs deployments. Builds use every core, so an instance
// runs one at a time; the others wait their turn.
const QueueDeploys = "deploys"

// Deployer carries out a queued deployment (deploy.Service.Run with the
// app's builder).
type Deployer interface {
	RunDeployment(ctx context.Context, id string) error
}

// SiteDeploy builds (or, for a promotion, takes) a site's artifact, ships
// it to the environment, verifies it and activates it. It is enqueued in
// the transaction that creates or approves the deployment. One attempt:
// a failed deploy is marked failed and people decide what next.
type SiteDeploy struct {
	DeploymentID string `json:"deploymentId"`
}

// Kind names the job.
func (SiteDeploy) Kind() string { return "site.deploy" }

// InsertOpts puts the job on the deploy queue, once.
func (SiteDeploy) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: QueueDeploys, MaxAttempts: 1}
}

type siteDeployWorker struct {
	river.WorkerDefaults[SiteDeploy]
	d Deployer
}

func (w *siteDeployWorker) Work(ctx context.Context, job *river.Job[SiteDeploy]) error {
	if w.d == nil {
		return fmt.Errorf("site.deploy: no deployer configured")
	}
	return w.d.RunDeployment(ctx, job.Args.DeploymentID)
}
