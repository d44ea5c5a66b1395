//! Name-variant detection (skeletons, distance, guards) and Russian/Ukrainian
//! name inflection. Being built: see issue 5.
