package httpapi

import (
	"context"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/sse"

	"github.com/pagewright/pagewright/internal/deploy"
)

type deploymentOut struct{ Body deploy.Deployment }

type createDeploymentIn struct {
	Site string `path:"site" maxLength:"64"`
	Env  string `path:"env" maxLength:"64"`
	Body *struct {
		Message string `json:"message,omitempty" maxLength:"1000" doc:"What this deployment is for"`
	}
}

func (s *server) createDeployment(ctx context.Context, in *createDeploymentIn) (*deploymentOut, error) {
	msg := ""
	if in.Body != nil {
		msg = in.Body.Message
	}
	d, err := s.Deployments.Create(ctx, in.Site, in.Env, msg)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &deploymentOut{Body: d}, nil
}

type listDeploymentsIn struct {
	Site   string `path:"site" maxLength:"64"`
	Env    string `path:"env" maxLength:"64"`
	Cursor string `query:"cursor" maxLength:"64" doc:"The last id of the previous page"`
	Limit  int    `query:"limit" minimum:"1" maximum:"100" default:"20"`
}

type listDeploymentsOut struct {
	Body struct {
		Items      []deploy.Deployment `json:"items"`
		NextCursor string              `json:"nextCursor"`
	}
}

func (s *server) listDeployments(ctx context.Context, in *listDeploymentsIn) (*listDeploymentsOut, error) {
	items, err := s.Deployments.List(ctx, in.Site, in.Env, in.Cursor, in.Limit)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &listDeploymentsOut{}
	out.Body.Items = items
	if len(items) == in.Limit {
		out.Body.NextCursor = items[len(items)-1].ID
	}
	return out, nil
}

type deploymentIn struct {
	Deployment string `path:"deployment" maxLength:"64"`
}

func (s *server) getDeployment(ctx context.Context, in *deploymentIn) (*deploymentOut, error) {
	d, err := s.Deployments.Get(ctx, in.Deployment)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &deploymentOut{Body: d}, nil
}

type deploymentLogsIn struct {
	Deployment string `path:"deployment" maxLength:"64"`
	After      int    `query:"after" minimum:"0" doc:"Only lines after this sequence number"`
}

type deploymentLogsOut struct {
	Body struct {
		Items []deploy.LogLine `json:"items"`
	}
}

func (s *server) deploymentLogs(ctx context.Context, in *deploymentLogsIn) (*deploymentLogsOut, error) {
	lines, err := s.Deployments.Logs(ctx, in.Deployment, in.After)
	if err != nil {
		return nil, fail(ctx, err)
	}
	out := &deploymentLogsOut{}
	out.Body.Items = lines
	return out, nil
}

func (s *server) rollbackDeployment(ctx context.Context, in *deploymentIn) (*deploymentOut, error) {
	d, err := s.Deployments.Rollback(ctx, in.Deployment)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &deploymentOut{Body: d}, nil
}

type promoteIn struct {
	Deployment string `path:"deployment" maxLength:"64"`
	Body       struct {
		To      string `json:"to" maxLength:"64" doc:"The environment (id or slug) to ship this deployment's artifact to"`
		Message string `json:"message,omitempty" maxLength:"1000"`
	}
}

func (s *server) promoteDeployment(ctx context.Context, in *promoteIn) (*deploymentOut, error) {
	d, err := s.Deployments.Promote(ctx, in.Deployment, in.Body.To, in.Body.Message)
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &deploymentOut{Body: d}, nil
}

type decideIn struct {
	Deployment string `path:"deployment" maxLength:"64"`
	Body       *struct {
		Comment string `json:"comment,omitempty" maxLength:"1000"`
	}
}

func (in *decideIn) comment() string {
	if in.Body == nil {
		return ""
	}
	return in.Body.Comment
}

func (s *server) approveDeployment(ctx context.Context, in *decideIn) (*deploymentOut, error) {
	d, err := s.Deployments.Decide(ctx, in.Deployment, true, in.comment())
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &deploymentOut{Body: d}, nil
}

func (s *server) rejectDeployment(ctx context.Context, in *decideIn) (*deploymentOut, error) {
	d, err := s.Deployments.Decide(ctx, in.Deployment, false, in.comment())
	if err != nil {
		return nil, fail(ctx, err)
	}
	return &deploymentOut{Body: d}, nil
}

// checkDeploymentReadable refuses the events stream with a problem before
// it starts (once it has, the status is 200 whatever follows).
func (s *server) checkDeploymentReadable(ctx huma.Context, next func(huma.Context)) {
	if _, err := s.Deployments.Get(ctx.Context(), ctx.Param("deployment")); err != nil {
		p, ok := fail(ctx.Context(), err).(*Problem)
		if !ok {
			p = &Problem{Status: 500, Title: "Internal Server Error", Code: "server.internal", Detail: "Something went wrong."}
		}
		ctx.SetHeader("Content-Type", "application/problem+json")
		ctx.SetStatus(p.Status)
		_ = jsonEncode(ctx.BodyWriter(), p)
		return
	}
	next(ctx)
}

// deploymentEvents are what the events stream sends: the deployment's
// state whenever it changes, and each new log line.
var deploymentEvents = map[string]any{"state": deploy.Deployment{}, "log": deploy.LogLine{}}

// streamDeployment sends a deployment's state and log lines as they
// change, until it is finished (then the stream ends) or the client goes.
// It polls the database, so it works whichever instance runs the deploy.
func (s *server) streamDeployment(ctx context.Context, in *deploymentIn, send sse.Sender) {
	d, err := s.Deployments.Get(ctx, in.Deployment)
	if err != nil {
		return
	}
	var lastSeq int
	var lastState string
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(30 * time.Minute)
	for {
		lines, err := s.Deployments.Logs(ctx, in.Deployment, lastSeq)
		if err != nil {
			return
		}
		for _, l := range lines {
			if send.Data(l) != nil {
				return
			}
			lastSeq = l.Seq
		}
		key := d.Status + "/" + itoa(d.Progress) + "/" + stagesKey(d)
		if key != lastState {
			if send.Data(d) != nil {
				return
			}
			lastState = key
		}
		if deploy.Terminal(d.Status) {
			return
		}
		select {
		case <-ctx.Done():
			return
		case <-deadline:
			return
		case <-tick.C:
		}
		if d, err = s.Deployments.Get(ctx, in.Deployment); err != nil {
			return
		}
	}
}

func stagesKey(d deploy.Deployment) string {
	k := ""
	for _, st := range d.Stages {
		k += st.Status[:1]
	}
	return k + "/" + itoa(int(d.Stats.Pages))
}
