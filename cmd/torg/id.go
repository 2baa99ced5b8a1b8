package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/torg-kommune/torg/internal/nin"
)

const idUsage = "usage: torg id check NUMBER [--country NO|SE|DK]\n"

// checkID checks a national ID number and prints one JSON object: exit status
// 0 if it is valid, 1 if not. The number is not logged anywhere.
func (c *cli) checkID(args []string) int {
	if len(args) == 0 || args[0] != "check" {
		fmt.Fprint(c.stderr, idUsage)
		return 2
	}
	fs := c.flagSet("id check", "NUMBER [--country NO|SE|DK]")
	country := fs.String("country", "", "`country` of the number: NO, SE or DK (default: inferred)")
	pos, status, ok := parse(fs, args[1:])
	if !ok {
		return status
	}
	if len(pos) == 0 {
		fmt.Fprint(c.stderr, idUsage)
		return 2
	}
	// A number typed with a space, such as 311299 56715, arrives in parts.
	res := nin.Check(strings.Join(pos, " "), nin.Country(strings.ToUpper(*country)), time.Now())
	b, err := json.Marshal(res)
	if err != nil {
		return c.fail(err)
	}
	fmt.Fprintf(c.stdout, "%s\n", b)
	if !res.Valid {
		return 1
	}
	return 0
}
