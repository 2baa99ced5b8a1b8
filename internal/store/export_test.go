package store

import "context"

// ExecForTest runs raw SQL, for tests that check what the schema refuses.
func (q *Q) ExecForTest(ctx context.Context, query string) error {
	_, err := q.exec(ctx, query)
	return err
}
