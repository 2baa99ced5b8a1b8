package main

import (
	"context"
	"errors"
)

func (c *cli) benchRun(ctx context.Context, args []string) int {
	return c.fail(errors.New("bench run: not built yet"))
}
