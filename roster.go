package torg

// GuideShift says that an employee is the citizen guide in one hour of one
// day (CG13): counter staff take turns as guide, by the hour, and do
// administrative work when the front door is quiet.
type GuideShift struct {
	MunicipalityID int64
	Day            Date
	Hour           int // the hour the shift starts, 0-23, in the municipality's time
	EmployeeID     int64

	EmployeeName, Initials string // filled in by queries
}
