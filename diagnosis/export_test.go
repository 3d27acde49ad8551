package diagnosis

// DiagnoseUnsafe is diagnose without the panic safety net, so the fuzz test
// sees a rule's panic instead of an Unclassified diagnosis.
var DiagnoseUnsafe = diagnose

// Placeholders exposes the template scanner to the catalog test.
var Placeholders = placeholders
