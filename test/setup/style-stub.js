// Stylesheets are irrelevant to behaviour tests; an empty module stands in for each import.
module.exports = {}
