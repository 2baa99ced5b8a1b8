package letter

import (
	"fmt"
	"reflect"
	"strings"
	"text/template"
	"text/template/parse"
)

// Executing a template against sample data finds an unknown merge field
// only in the branches the sample takes. checkFields walks the whole parse
// tree instead and resolves every field chain against the Go type that dot
// or a variable has at that point, so that an unknown field under an {{if}}
// or in an empty {{range}} is found as well.

var dataType = reflect.TypeFor[Data]()

// checker walks one template's parse tree.
type checker struct {
	tree *parse.Tree
	vars []variable // in scope, innermost last
	errs []error
}

// variable is a template variable and its type; a nil type is unknown.
type variable struct {
	name string
	typ  reflect.Type
}

// checkFields returns an error for every merge field of t that Data does not
// have.
func checkFields(t *template.Template) []error {
	if t.Tree == nil || t.Tree.Root == nil {
		return nil
	}
	c := &checker{tree: t.Tree, vars: []variable{{"$", dataType}}}
	c.walk(t.Tree.Root, dataType)
	return c.errs
}

// walk checks a node with dot of type dot.
func (c *checker) walk(n parse.Node, dot reflect.Type) {
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, m := range n.Nodes {
			c.walk(m, dot)
		}
	case *parse.ActionNode:
		c.declare(n.Pipe, c.pipe(n.Pipe, dot))
	case *parse.IfNode:
		c.branch(&n.BranchNode, dot, false)
	case *parse.WithNode:
		c.branch(&n.BranchNode, dot, true)
	case *parse.RangeNode:
		c.rangeBranch(n, dot)
	case *parse.TemplateNode:
		c.errorf(n, "template actions are not supported")
	}
}

// branch checks an if or a with: the pipeline, then the list (for a with,
// with dot of the pipeline's type), then the else list.
func (c *checker) branch(b *parse.BranchNode, dot reflect.Type, with bool) {
	mark := len(c.vars)
	typ := c.pipe(b.Pipe, dot)
	c.declare(b.Pipe, typ)
	inner := dot
	if with {
		inner = typ
	}
	c.walk(b.List, inner)
	c.walk(b.ElseList, dot)
	c.vars = c.vars[:mark]
}

// rangeBranch checks a range, whose list has dot of the element type.
func (c *checker) rangeBranch(r *parse.RangeNode, dot reflect.Type) {
	mark := len(c.vars)
	key, elem := elemTypes(c.pipe(r.Pipe, dot))
	switch decl := r.Pipe.Decl; len(decl) {
	case 1:
		c.push(decl[0], elem)
	case 2:
		c.push(decl[0], key)
		c.push(decl[1], elem)
	}
	c.walk(r.List, elem)
	c.walk(r.ElseList, dot)
	c.vars = c.vars[:mark]
}

// pipe checks a pipeline and returns its type, or nil if it is unknown.
func (c *checker) pipe(p *parse.PipeNode, dot reflect.Type) reflect.Type {
	if p == nil {
		return nil
	}
	var typ reflect.Type
	for _, cmd := range p.Cmds {
		typ = c.command(cmd, dot)
	}
	return typ
}

// declare puts a pipeline's declared variables in scope.
func (c *checker) declare(p *parse.PipeNode, typ reflect.Type) {
	if p == nil {
		return
	}
	for _, v := range p.Decl {
		c.push(v, typ)
	}
}

// push puts a variable in scope.
func (c *checker) push(v *parse.VariableNode, typ reflect.Type) {
	c.vars = append(c.vars, variable{v.Ident[0], typ})
}

// command checks a command and returns the type of its result: that of a
// field, variable or dot, or nil for a function call or a literal.
func (c *checker) command(cmd *parse.CommandNode, dot reflect.Type) reflect.Type {
	var typ reflect.Type
	for i, arg := range cmd.Args {
		t := c.arg(arg, dot)
		if i == 0 {
			typ = t
		}
	}
	if _, isFunc := cmd.Args[0].(*parse.IdentifierNode); isFunc {
		return nil
	}
	return typ
}

// arg checks an argument and returns its type, or nil if it is unknown.
func (c *checker) arg(n parse.Node, dot reflect.Type) reflect.Type {
	switch n := n.(type) {
	case *parse.DotNode:
		return dot
	case *parse.FieldNode:
		return c.resolve(n, dot, n.Ident, ".")
	case *parse.VariableNode:
		return c.resolve(n, c.lookup(n.Ident[0]), n.Ident[1:], n.Ident[0]+".")
	case *parse.ChainNode:
		return c.resolve(n, c.arg(n.Node, dot), n.Field, "(…).")
	case *parse.PipeNode:
		return c.pipe(n, dot)
	}
	return nil
}

// lookup returns the type of the innermost variable with the name.
func (c *checker) lookup(name string) reflect.Type {
	for i := len(c.vars) - 1; i >= 0; i-- {
		if c.vars[i].name == name {
			return c.vars[i].typ
		}
	}
	return nil
}

// resolve follows a chain of field or method names from typ and returns the
// type at its end. An unknown name is an error; an unknown typ is not
// checked.
func (c *checker) resolve(n parse.Node, typ reflect.Type, idents []string, prefix string) reflect.Type {
	for i, id := range idents {
		if typ == nil {
			return nil
		}
		next, ok := member(typ, id)
		if !ok {
			c.errorf(n, "unknown merge field %s%s: %s has no field or method %s",
				prefix, strings.Join(idents[:i+1], "."), typ, id)
			return nil
		}
		typ = next
	}
	return typ
}

// member returns the type of typ's exported field or method id, as the
// template engine would find it.
func member(typ reflect.Type, id string) (reflect.Type, bool) {
	if m, ok := reflect.PointerTo(typ).MethodByName(id); ok && m.IsExported() {
		if m.Type.NumOut() == 0 {
			return nil, false
		}
		return m.Type.Out(0), true
	}
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	switch typ.Kind() {
	case reflect.Struct:
		f, ok := typ.FieldByName(id)
		if !ok || !f.IsExported() {
			return nil, false
		}
		return f.Type, true
	case reflect.Map:
		return typ.Elem(), true
	case reflect.Interface:
		return nil, true
	}
	return nil, false
}

// elemTypes returns the key and element types that ranging over typ gives.
func elemTypes(typ reflect.Type) (key, elem reflect.Type) {
	if typ == nil {
		return nil, nil
	}
	switch typ.Kind() {
	case reflect.Slice, reflect.Array:
		return reflect.TypeFor[int](), typ.Elem()
	case reflect.Map:
		return typ.Key(), typ.Elem()
	case reflect.Int:
		return typ, typ
	}
	return nil, nil
}

// errorf records an error at a node, with the file and line.
func (c *checker) errorf(n parse.Node, format string, args ...any) {
	loc, _ := c.tree.ErrorContext(n)
	c.errs = append(c.errs, fmt.Errorf("%s: %s", loc, fmt.Sprintf(format, args...)))
}
