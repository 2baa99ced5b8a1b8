package main

import (
	"context"
	"errors"
)

func (c *cli) benchGen(ctx context.Context, args []string) int {
	return c.fail(errors.New("bench gen: not built yet"))
}
