"""Who may do what with an article: the editorial roles as plain predicates.

The groups (see migration 0003_editorial_roles) give model permissions; these
functions add the per-article rules the admin enforces on every request:

- Editors (`articles.publish_article`) write, publish, schedule and review everything.
- Authors (`articles.change_article` without publish) write only articles whose
  author is their own Author profile (`Author.user`), and never change the status,
  the publication time, the author or the medical review.
- Medical reviewers (`articles.review_article`) read every article and record
  reviews (reviewer and review date); they change nothing else.
"""


def can_publish(user):
    return user.has_perm("articles.publish_article")


def can_review(user):
    return user.has_perm("articles.review_article")


def own_author(user):
    """The Author profile linked to this login, or None."""
    return getattr(user, "author_profile", None) if user.is_authenticated else None


def may_write(user, article=None):
    """May change the text of this article (or, with no article, of some article)."""
    if not user.has_perm("articles.change_article"):
        return False
    if can_publish(user) or article is None:
        return True
    return article.author.user_id == user.pk


def may_add(user):
    """Authors need an Author profile to own what they create; Editors choose the author."""
    return user.has_perm("articles.add_article") and (can_publish(user) or own_author(user) is not None)


def articles_visible_in_admin(user, queryset):
    """The articles this user may open in the admin: all for Editors and reviewers, else their own."""
    if can_publish(user) or can_review(user):
        return queryset
    return queryset.filter(author__user=user)
