package drill

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// client speaks torg's JSON API for the drill.
type client struct {
	base  string
	setup *setup
	http  *http.Client
}

func newClient(base string, s *setup) *client {
	tr := &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}
	return &client{base: base + "/api/v1", setup: s, http: &http.Client{Transport: tr, Timeout: 30 * time.Second}}
}

// do sends a request and returns the status and the body; an error means
// no answer came.
func (c *client) do(ctx context.Context, method, path, token, key string, body any) (int, []byte, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, nil, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return 0, nil, err // the status came, the answer did not: no answer
	}
	return resp.StatusCode, b, nil
}

// idOf returns the "id" member of a JSON answer.
func idOf(b []byte) (int64, error) {
	var v struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal(b, &v); err != nil || v.ID == 0 {
		return 0, fmt.Errorf("no id in answer %.200q", b)
	}
	return v.ID, nil
}

// inquiry registers the walk-in of w and returns the status and the ID the
// answer gave.
func (c *client) inquiry(ctx context.Context, w *write) (int, int64, error) {
	body := map[string]any{"kind": "walk_in", "person_id": w.personID, "unit_id": c.setup.unitID,
		"from": "citizen", "summary": w.marker(), "note": w.noteMarker()}
	status, b, err := c.do(ctx, "POST", "/inquiries", c.setup.deskToken, w.key, body)
	if err != nil || status/100 != 2 {
		return status, 0, err
	}
	var v struct {
		ID     int64  `json:"id"`
		CaseID int64  `json:"case_id"`
		TaskID *int64 `json:"task_id"`
	}
	if err := json.Unmarshal(b, &v); err != nil || v.ID == 0 || v.TaskID == nil {
		return status, 0, fmt.Errorf("inquiry answer without id, case or task: %.200q", b)
	}
	w.caseID, w.taskID = v.CaseID, *v.TaskID
	return status, v.ID, nil
}

// note writes the journal note of w in its case.
func (c *client) note(ctx context.Context, w *write) (int, int64, error) {
	status, b, err := c.do(ctx, "POST", fmt.Sprintf("/cases/%d/notes", w.caseID), c.setup.leaderToken, "",
		map[string]any{"body": w.marker()})
	if err != nil || status/100 != 2 {
		return status, 0, err
	}
	id, err := idOf(b)
	return status, id, err
}

// complete marks the task of w done.
func (c *client) complete(ctx context.Context, w *write) (int, int64, error) {
	status, _, err := c.do(ctx, "POST", fmt.Sprintf("/tasks/%d/complete", w.taskID), c.setup.leaderToken, "", nil)
	return status, w.taskID, err
}
