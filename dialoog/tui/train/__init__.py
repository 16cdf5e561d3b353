"""The trainer app (`dialoog train`): choose a deck, then run the cards with a group, on a projector view
and a presenter view. The state is `dialoog.training.TrainingSession`; this package only shows it."""
