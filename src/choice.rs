//! Closed sets of named values (a method, a severity, a component): what a face offers to choose
//! from. The CLI turns [`Choice::VALUES`] into a flag's possible values and their help; the coming
//! MCP face into a JSON-schema enum. The names are the wire names (config, JSON, flags).

/// A closed set of values, each with a stable name and optional one-line help.
pub trait Choice: Copy + Send + Sync + 'static {
    /// Every value, in the order they are offered.
    const VALUES: &'static [Self];
    /// The value's name, as typed and as serialised.
    fn name(self) -> &'static str;
    /// What the value means, for a face that lists the choices.
    fn help(self) -> Option<&'static str> {
        None
    }
    /// The value with this name.
    fn from_name(name: &str) -> Option<Self> {
        Self::VALUES.iter().copied().find(|v| v.name() == name)
    }
}
