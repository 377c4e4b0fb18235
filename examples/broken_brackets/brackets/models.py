from django.db import models


class Bracket(models.Model):
    """A tournament bracket; the example only ever counts them."""

    name = models.CharField(max_length=100)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.name
