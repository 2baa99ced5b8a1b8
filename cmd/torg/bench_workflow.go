package main

import (
	"context"
	"errors"
)

func (c *cli) benchWorkflow(ctx context.Context, args []string) int {
	return c.fail(errors.New("bench workflow: not built yet"))
}
