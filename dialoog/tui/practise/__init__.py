"""`dialoog practise`: practise with the dilemma cards alone (the model is `dialoog.practising`)."""
