package casework_test

import "fmt"

func fmtAll(v any) string { return fmt.Sprintf("%+v", v) }
